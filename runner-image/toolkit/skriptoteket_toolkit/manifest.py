"""Reading a tool's tool.toml (the script bank's form of the manifest) for the offline runner."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any


def read_manifest(tool_dir: Path) -> dict[str, Any]:
    """tool.toml as a dict; a tool without one has the defaults (entrypoint main.py:run)."""
    path = tool_dir / "tool.toml"
    if not path.is_file():
        return {"contract": 1, "entrypoint": "main.py:run", "inputs": [], "settings": []}
    with path.open("rb") as handle:
        return tomllib.load(handle)


def defaults(fields: list[dict[str, Any]], given: dict[str, Any]) -> dict[str, Any]:
    """`given` with each absent field's default filled in, as the platform does; dates from
    TOML become ISO text."""
    values = dict(given)
    for field in fields:
        name, default = str(field.get("name")), field.get("default")
        if field.get("kind") == "file" or name in values:
            continue
        if default is not None:
            values[name] = default.isoformat() if hasattr(default, "isoformat") else default
        elif field.get("kind") == "boolean":
            values[name] = False
    return values
