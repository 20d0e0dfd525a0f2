"""Every tool in the bank is complete: a valid manifest, catalog metadata, good and bad examples."""

from __future__ import annotations

import ast
from typing import NamedTuple

import pytest
from bank_testing import BANK, SLUGS, Example, all_examples, manifest

from skriptoteket.contract import validate_manifest
from skriptoteket.contract.submission import validate_submission


class File(NamedTuple):
    """An uploaded file as the validator reads it."""

    name: str
    bytes: int


TEN_TOOLS = {
    "betygsstatistik",
    "gruppgenerator",
    "e-postlista",
    "franvarosammanstallning",
    "markdown-till-word",
    "placeringskarta",
    "omdomen-per-elev",
    "schemakrockar",
    "namnlista",
    "provanalys",
}


def test_the_bank_holds_the_ten_tools() -> None:
    assert set(SLUGS) == TEN_TOOLS


@pytest.mark.parametrize("slug", SLUGS)
def test_manifest_is_a_valid_contract_1_manifest(slug: str) -> None:
    data = manifest(slug)
    data.pop("tool")
    parsed = validate_manifest(data)
    assert parsed.contract == 1
    assert parsed.entrypoint == "main.py:run"
    assert parsed.usage.strip()


@pytest.mark.parametrize("slug", SLUGS)
def test_catalog_metadata_is_complete(slug: str) -> None:
    tool = manifest(slug)["tool"]
    assert set(tool) == {"title", "summary", "professions", "categories"}
    assert tool["title"].strip() and tool["summary"].strip()
    assert tool["professions"] and tool["categories"]


@pytest.mark.parametrize("slug", SLUGS)
def test_entrypoint_defines_run_and_sources_fit_the_limit(slug: str) -> None:
    source = (BANK / slug / "main.py").read_text(encoding="utf-8")
    functions = {node.name for node in ast.parse(source).body if isinstance(node, ast.FunctionDef)}
    assert "run" in functions
    assert len(source.encode()) < 512 * 1024


@pytest.mark.parametrize("slug", SLUGS)
def test_every_tool_has_a_good_example_and_the_bad_file_cases(slug: str) -> None:
    cases = {case: Example.load(s, case).expected for s, case in all_examples() if s == slug}
    assert any(e["status"] == "succeeded" for e in cases.values())
    assert any(c.startswith("bild-som-") for c in cases), "an image renamed to the tool's file type"
    assert "tom-fil" in cases
    for case, expected in cases.items():
        if case.startswith("bild-som-") or case in {"tom-fil", "fel-kolumner"}:
            assert expected == {**expected, "status": "failed", "error_code": "user_error"}


@pytest.mark.parametrize(
    ("slug", "case"), all_examples(), ids=[f"{s}/{c}" for s, c in all_examples()]
)
def test_example_inputs_pass_the_servers_validator(slug: str, case: str) -> None:
    example = Example.load(slug, case)
    data = manifest(slug)
    data.pop("tool")
    fields = validate_manifest(data).inputs
    uploads = {
        name: [File(name=p.name, bytes=p.stat().st_size) for p in paths]
        for name, paths in example.files.items()
    }
    validate_submission(fields, example.inputs, uploads)
