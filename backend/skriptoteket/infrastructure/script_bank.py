"""Read the script bank from disk: each folder's tool.toml and its source files."""

from __future__ import annotations

import tomllib
from pathlib import Path

from skriptoteket.application.script_bank.seed import BankTool

# backend/script_bank beside the package (a source checkout; `make run` works from one).
DEFAULT_BANK = Path(__file__).resolve().parents[2] / "script_bank"
# What a tool folder holds besides its sources: tests and examples stay out of the version.
NOT_SOURCES = {"tests", "examples", "__pycache__"}


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
            )
        )
    return tools
