"""How a stored file (an artifact a tool wrote) is handed to a browser.

Tools write any file type. Served from the app's origin with an active type (HTML, SVG, XML,
JavaScript), a file would run as our origin when opened. So every download is an attachment
with `Content-Security-Policy: sandbox; default-src 'none'` (no script, an opaque origin, even
if a browser renders it), and active types are sent as application/octet-stream. SVG keeps its
type so the SPA's <img> can show image outputs; an <img> never runs script, and the headers
above cover opening it directly.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from urllib.parse import quote

from litestar.response import Stream

from skriptoteket.protocols.files import FileStore

CHUNK = 256 * 1024

DOWNLOAD_CSP = "sandbox; default-src 'none'"
OCTET_STREAM = "application/octet-stream"
_ACTIVE = (
    "text/html",
    "application/xhtml+xml",
    "text/xml",
    "application/xml",
    "text/javascript",
    "application/javascript",
    "application/ecmascript",
    "text/ecmascript",
    "application/x-shockwave-flash",
    "text/xsl",
    "application/xslt+xml",
    "text/vtt",
    "multipart/x-mixed-replace",
)


def served_media_type(media_type: str) -> str:
    """The type a download is sent with: active types become application/octet-stream."""
    base = media_type.split(";", 1)[0].strip().lower()
    if base in _ACTIVE or (base.endswith(("+xml", "script")) and base != "image/svg+xml"):
        return OCTET_STREAM
    return media_type


def content_disposition(name: str) -> str:
    """RFC 6266: an ASCII fallback and the real name as RFC 8187 UTF-8 (`filename*`)."""
    fallback = "".join(c if 32 <= ord(c) < 127 and c not in '"\\' else "_" for c in name)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def download_headers(name: str, size: int) -> dict[str, str]:
    return {
        "Content-Disposition": content_disposition(name),
        "Content-Length": str(size),
        "Content-Security-Policy": DOWNLOAD_CSP,
        "X-Content-Type-Options": "nosniff",
    }


async def stored_download(
    store: FileStore, store_key: str, *, name: str, size: int, media_type: str
) -> Stream:
    """The stored file under `store_key` as a download named `name`, read in chunks off the
    event loop (an artifact, a session file)."""
    reader = await store.open(store_key)

    async def chunks() -> AsyncIterator[bytes]:
        try:
            while chunk := await asyncio.to_thread(reader.read, CHUNK):
                yield chunk
        finally:
            reader.close()

    return Stream(
        chunks(),
        media_type=served_media_type(media_type),
        headers=download_headers(name, size),
    )
