"""Does a file's content match its extension? A file field's `accept` is checked both ways:
by the extension, and by the first bytes of the content (so `elever.csv` that is really a
ZIP archive, or `bild.png` that is an executable, is refused)."""

from __future__ import annotations

from typing import Final

# How many leading bytes the check needs.
SNIFF_BYTES: Final = 4096

_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
_OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)  # legacy .doc/.xls
_MAGIC: Final[dict[str, tuple[bytes, ...]]] = {
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".gif": (b"GIF87a", b"GIF89a"),
    ".webp": (b"RIFF",),
    ".pdf": (b"%PDF-",),
    ".zip": _ZIP,
    ".docx": _ZIP,
    ".xlsx": _ZIP,
    ".pptx": _ZIP,
    ".odt": _ZIP,
    ".ods": _ZIP,
    ".odp": _ZIP,
    ".epub": _ZIP,
    ".doc": _OLE,
    ".xls": _OLE,
    ".ppt": _OLE,
}
_TEXT: Final = frozenset(
    {".csv", ".tsv", ".txt", ".md", ".json", ".xml", ".html", ".htm", ".py", ".tex", ".svg"}
)


def extension_of(name: str) -> str:
    """`.csv` for `Elever 7A.CSV`; empty when the name has none."""
    stem, dot, suffix = name.rpartition(".")
    return f".{suffix.lower()}" if dot and stem and suffix else ""


def content_matches(extension: str, head: bytes) -> bool:
    """Whether `head` (the first SNIFF_BYTES of a file) fits `extension`; extensions we know
    nothing about pass."""
    extension = extension.lower()
    if extension in _MAGIC:
        return head.startswith(_MAGIC[extension])
    if extension in _TEXT:
        return _looks_like_text(head) and (extension != ".svg" or b"<svg" in head.lower())
    return True


def _looks_like_text(head: bytes) -> bool:
    """No NUL bytes (UTF-16 is not accepted as text) and no binary signatures."""
    if b"\x00" in head:
        return False
    return not head.startswith(_ZIP + _OLE + (b"%PDF-", b"\x89PNG", b"\x7fELF", b"MZ"))
