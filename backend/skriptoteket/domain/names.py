"""Names people and tools give things (files, artifacts, users, tokens, tools), as stored.

A name is shown in lists, headers and downloads, so it keeps only what renders as itself:
control characters (Unicode Cc: newlines, NUL) become spaces and format characters (Cf: the
bidi overrides U+202E/U+202D that make `gpj.exe` look like `exe.jpg`, zero-width joiners and
spaces) are dropped, and runs of whitespace become one space.
"""

from __future__ import annotations

import unicodedata

_INVISIBLE = frozenset({"Cf", "Zl", "Zp"})


def visible_name(raw: str) -> str:
    """`raw` in NFC, without Cc/Cf characters, whitespace collapsed and trimmed."""
    kept = []
    for char in unicodedata.normalize("NFC", raw):
        category = unicodedata.category(char)
        if category == "Cc":
            kept.append(" ")
        elif category not in _INVISIBLE:
            kept.append(char)
    return " ".join("".join(kept).split())
