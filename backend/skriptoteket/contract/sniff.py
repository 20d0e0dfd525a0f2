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
        text = _as_text(head)
        return text is not None and (extension != ".svg" or b"<svg" in text.lower())
    return True


def content_refusal(name: str, extension: str) -> str:
    """What a refused upload's owner reads: what is wrong and what to do (the web edge words it
    in the caller's language)."""
    if extension in {".csv", ".tsv", ".txt"}:
        return f"{name} is not a {extension} file. Save the file as CSV UTF-8 and try again."
    return f"{name} is not a {extension} file. Save the file as {extension} and try again."


def _as_text(head: bytes) -> bytes | None:
    """The head as 8-bit text when it looks like text, else None: no binary signatures, and no
    NUL bytes unless it is UTF-16 (Excel's "Unicode text" and several schedule systems write
    UTF-16 with a byte order mark; the toolkit's table reader reads it)."""
    if head.startswith(_ZIP + _OLE + (b"%PDF-", b"\x89PNG", b"\x7fELF", b"MZ")):
        return None
    if b"\x00" not in head:
        return head
    codec = _utf16_codec(head)
    if codec is None:
        return None
    even = head[: len(head) - len(head) % 2]  # the head may end inside a character
    decoded = even.decode(codec, errors="replace")
    if "\x00" in decoded or decoded.count("\ufffd") > 1:  # one cut surrogate pair at most
        return None
    return decoded.encode("utf-8", errors="replace")


def _utf16_codec(head: bytes) -> str | None:
    if head.startswith(b"\xff\xfe"):
        return "utf-16-le"
    if head.startswith(b"\xfe\xff"):
        return "utf-16-be"
    # Without a mark: ASCII-range text in UTF-16 has a NUL in every other byte.
    pairs = len(head) // 2
    if pairs >= 2 and all(head[i] == 0 for i in range(1, 2 * pairs, 2)):
        return "utf-16-le"
    if pairs >= 2 and all(head[i] == 0 for i in range(0, 2 * pairs, 2)):
        return "utf-16-be"
    return None
