"""`skriptoteket seed-script-bank`: the ten bank tools published through catalog governance,
idempotently, with the review on record."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Callable
from pathlib import Path

import psycopg
import svcs
from litestar.testing import TestClient

from skriptoteket.application.script_bank.seed import (
    AUTHOR_EMAIL,
    REVIEWER_EMAIL,
    SeedOutcome,
    SeedResult,
    SeedScriptBank,
)
from skriptoteket.bootstrap import build_registry
from skriptoteket.infrastructure.script_bank import DEFAULT_BANK, load_bank
from skriptoteket.infrastructure.settings import Settings
from tests.builders import TestSession
from tests.conftest import fast_hasher

TEN = [
    "betygsstatistik",
    "e-postlista",
    "franvarosammanstallning",
    "gruppgenerator",
    "markdown-till-word",
    "namnlista",
    "omdomen-per-elev",
    "placeringskarta",
    "provanalys",
    "schemakrockar",
]


def seed(settings: Settings, bank: Path = DEFAULT_BANK) -> list[SeedOutcome]:
    async def go() -> list[SeedOutcome]:
        registry = build_registry(settings)
        fast_hasher(registry)
        try:
            async with svcs.Container(registry) as container:
                seeder = await container.aget(SeedScriptBank)
                return await seeder(load_bank(bank))
        finally:
            await registry.aclose()

    return asyncio.run(go())


def test_the_bank_loads_manifest_metadata_and_only_source_files() -> None:
    tools = {t.slug: t for t in load_bank()}
    assert sorted(tools) == TEN
    grupp = tools["gruppgenerator"]
    assert grupp.title == "Gruppgenerator"
    assert "tool" not in grupp.manifest and grupp.manifest["entrypoint"] == "main.py:run"
    assert list(grupp.files) == ["main.py"]
    wide = next(e for e in tools["betygsstatistik"].examples if e.case == "excel-brett")
    assert wide.files["betyg.xlsx"].startswith(b"PK"), "binary example files stay bytes"


def test_seeding_publishes_every_tool_once_and_then_leaves_them_alone(
    settings: Settings,
    db: str,
    client: TestClient,  # type: ignore[type-arg]
    signed_in: Callable[..., TestSession],
) -> None:
    first = seed(settings)
    assert [(o.slug, o.result, o.version) for o in first] == [
        (slug, SeedResult.CREATED, 1) for slug in TEN
    ]
    again = seed(settings)
    assert {o.result for o in again} == {SeedResult.UNCHANGED}

    signed_in("user")
    listing = client.get("/api/v1/tools", params={"limit": 50}).json()
    assert listing["total"] == 10
    assert sorted(t["slug"] for t in listing["items"]) == TEN
    detail = client.get("/api/v1/tools/provanalys").json()
    assert detail["title"] == "Provanalys"
    assert detail["active_version"] == 1

    with psycopg.connect(db) as conn:
        rows = conn.execute(
            "SELECT e.action, u.email FROM audit_events e JOIN users u ON u.id = e.actor_id "
            "WHERE e.details->>'slug' = 'namnlista' ORDER BY e.at"
        ).fetchall()
        active = conn.execute(
            "SELECT email, is_active FROM users WHERE email LIKE 'skriptbanken%' ORDER BY email"
        ).fetchall()
    assert rows == [
        ("tool.created", AUTHOR_EMAIL),
        ("version.saved", AUTHOR_EMAIL),
        ("version.submitted", AUTHOR_EMAIL),
        ("version.published", REVIEWER_EMAIL),
    ]
    assert active == [(REVIEWER_EMAIL, False), (AUTHOR_EMAIL, False)]


def test_a_changed_tool_gets_a_new_reviewed_version(settings: Settings, tmp_path: Path) -> None:
    bank = tmp_path / "bank"
    shutil.copytree(DEFAULT_BANK, bank, ignore=shutil.ignore_patterns("examples", "tests"))
    seed(settings, bank)
    main = bank / "namnlista" / "main.py"
    main.write_text(main.read_text(encoding="utf-8") + "\n# en ändring\n", encoding="utf-8")
    toml = bank / "schemakrockar" / "tool.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace(
            'title = "Schemakrockar"', 'title = "Krockar i schemat"'
        ),
        encoding="utf-8",
    )
    outcomes = {o.slug: (o.result, o.version) for o in seed(settings, bank)}
    assert outcomes["namnlista"] == (SeedResult.UPDATED, 2)
    assert outcomes["schemakrockar"] == (SeedResult.METADATA, 1)
    assert outcomes["provanalys"] == (SeedResult.UNCHANGED, 1)
