"""Read the script bank from disk: each folder's tool.toml, its source files and its examples."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from skriptoteket.application.script_bank.seed import BankTool
from skriptoteket.domain.examples import NewExample

# backend/script_bank beside the package (a source checkout; `make run` works from one).
DEFAULT_BANK = Path(__file__).resolve().parents[2] / "script_bank"
# What a tool folder holds besides its sources: tests stay out of the version, examples are
# kept with it apart from the sources (domain.examples).
NOT_SOURCES = {"tests", "examples", "__pycache__"}
EXAMPLE_JSON = ("inputs.json", "actions.json", "expected.json")


def load_bank(root: Path = DEFAULT_BANK) -> list[BankTool]:
    """Every tool under `root`, sorted by slug. The [tool] table of tool.toml is the catalog
    metadata; the rest is the version's manifest. Sources are the folder's .py files."""
    tools = []
    for manifest_path in sorted(root.glob("*/tool.toml")):
        folder = manifest_path.parent
        data = tomllib.loads(manifest_path.read_text(encoding="utf-8"))
        meta = data.pop("tool")
        files = {
            str(path.relative_to(folder)): path.read_text(encoding="utf-8")
            for path in sorted(folder.rglob("*.py"))
            if not NOT_SOURCES & set(path.relative_to(folder).parts)
        }
        tools.append(
            BankTool(
                slug=folder.name,
                title=meta["title"],
                summary=meta["summary"],
                professions=tuple(meta["professions"]),
                categories=tuple(meta["categories"]),
                manifest=data,
                files=files,
                examples=load_examples(folder / "examples"),
            )
        )
    return tools


def load_examples(folder: Path) -> tuple[NewExample, ...]:
    """examples/<case>/ in name order: its JSON files and every other file as bytes (an .xlsx
    stays an .xlsx)."""
    if not folder.is_dir():
        return ()
    examples = []
    for case in sorted(p for p in folder.iterdir() if p.is_dir() and p.name != "__pycache__"):

        def read(name: str, case: Path = case) -> object:
            path = case / name
            return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None

        examples.append(
            NewExample(
                case=case.name,
                inputs=read("inputs.json") or {},  # type: ignore[arg-type]
                actions=read("actions.json") or [],  # type: ignore[arg-type]
                expected=read("expected.json"),  # type: ignore[arg-type]
                files={
                    p.name: p.read_bytes()
                    for p in sorted(case.iterdir())
                    if p.is_file() and p.name not in EXAMPLE_JSON
                },
            )
        )
    return tuple(examples)
