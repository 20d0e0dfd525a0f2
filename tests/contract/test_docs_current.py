"""The generated parts of docs/ match the code: the contract reference and the settings table."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from skriptoteket.contract import FIELD_KINDS, OUTPUT_KINDS, Limits
from skriptoteket.contract.reference import DOC, END, render_reference, rewrite
from skriptoteket.infrastructure.settings import PREFIX, Settings

ROOT = Path(__file__).resolve().parents[2]
OPERATIONS = ROOT / "docs" / "operations.md"


def test_the_contract_reference_is_current() -> None:
    committed = DOC.read_text(encoding="utf-8")
    assert rewrite(committed) == committed, (
        "docs/tool-contract.md is stale: run `make docs` and commit it"
    )


def test_a_stale_reference_is_noticed() -> None:
    committed = DOC.read_text(encoding="utf-8")
    stale = committed.replace("| `timeout_s` |", "| `timeout_seconds` |", 1)
    assert stale != committed
    assert rewrite(stale) == committed
    with pytest.raises(ValueError):  # a page without its markers is not rewritten
        rewrite(committed.replace(END, ""))


def test_the_reference_covers_every_kind_and_limit() -> None:
    reference = render_reference()
    for kind in FIELD_KINDS:
        assert f'**`kind: "{kind}"`**' in reference
    for kind in OUTPUT_KINDS:
        assert f'**`kind: "{kind}"`**' in reference
    for mode in ("keep", "replace", "clear"):
        assert f'**`mode: "{mode}"`**' in reference
    for name in Limits.__struct_fields__:
        assert f"`{PREFIX}LIMIT_{name.upper()}`" in reference


def _settings_rows() -> dict[str, str]:
    """`docs/operations.md`'s settings table: variable -> default cell."""
    rows: dict[str, str] = {}
    for line in OPERATIONS.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) >= 3 and re.fullmatch(r"`(DATABASE_URL|SKRIPTOTEKET_[A-Z0-9_]+)`", cells[0]):
            rows[cells[0].strip("`")] = cells[1]
    return rows


def _variable(name: str) -> str:
    return "DATABASE_URL" if name == "database_url" else PREFIX + name.upper()


def _spelled(default: object) -> str:
    if isinstance(default, bool):
        return "true" if default else "false"
    return str(default)


def test_every_setting_is_documented_with_its_default() -> None:
    rows = _settings_rows()
    problems = []
    for field in dataclasses.fields(Settings):
        if field.name == "limits":  # one row per limit, in the contract reference
            continue
        variable = _variable(field.name)
        if variable not in rows:
            problems.append(f"{variable} is missing from docs/operations.md")
            continue
        default = (
            field.default_factory()
            if field.default_factory is not dataclasses.MISSING
            else field.default
        )
        cell = rows[variable]
        expected = "(empty)" if default == "" else f"`{_spelled(default)}`"
        if not cell.startswith(expected):
            problems.append(f"{variable}: the table says {cell}, Settings says {expected}")
    known = {_variable(f.name) for f in dataclasses.fields(Settings)}
    problems += [f"{v} is documented but is not a setting" for v in sorted(set(rows) - known)]
    assert not problems, "\n".join(problems)


def test_every_command_is_documented() -> None:
    cli = (ROOT / "backend" / "skriptoteket" / "entrypoints" / "cli.py").read_text(encoding="utf-8")
    commands = re.findall(r'add_parser\(\s*"([a-z-]+)"', cli)
    assert "serve" in commands and "worker" in commands
    documented = OPERATIONS.read_text(encoding="utf-8")
    missing = [c for c in commands if f"| `skriptoteket {c}" not in documented]
    assert not missing, f"docs/operations.md's command table lacks: {', '.join(missing)}"
