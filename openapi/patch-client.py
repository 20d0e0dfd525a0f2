"""Work around an openapi-python-client gap: for a request body with several content types
(JSON or multipart) it annotates `body: ... | Unset` without importing `Unset`. Adds the name
to the module's `...types` import; leaves every other file alone."""

from __future__ import annotations

import re
import sys
from pathlib import Path

TYPES_IMPORT = re.compile(r"^from \.\.\.types import (.+)$", re.MULTILINE)

for module in Path(sys.argv[1]).rglob("*.py"):
    text = module.read_text(encoding="utf-8")
    match = TYPES_IMPORT.search(text)
    if match is None or "| Unset" not in text:
        continue
    names = [n.strip() for n in match.group(1).split(",")]
    if "Unset" in names:
        continue
    line = "from ...types import " + ", ".join(
        sorted([*names, "Unset"], key=lambda n: (not n.isupper(), n))
    )
    module.write_text(text[: match.start()] + line + text[match.end() :], encoding="utf-8")
