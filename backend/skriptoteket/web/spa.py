"""The built SPA (frontend/dist): its files, and index.html for every other non-API path.

Vite names the files under assets/ by their content hash, so they may be cached forever;
index.html must be revalidated so a new deploy is picked up at once. Paths under /api/ never
fall back: an unknown API path stays a problem+json 404.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Any

from litestar import HttpMethod, Request, Response, route
from litestar.exceptions import MethodNotAllowedException
from litestar.handlers import HTTPRouteHandler
from litestar.response import File

from skriptoteket.domain.errors import NotFound

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
SHORT = "public, max-age=3600"
# The host's mimetypes table may lack these (then a module script would not run).
_MEDIA_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".json": "application/json",
    ".webmanifest": "application/manifest+json",
    ".woff2": "font/woff2",
    ".txt": "text/plain; charset=utf-8",
}
_METHODS = [
    HttpMethod.GET,
    HttpMethod.HEAD,
    HttpMethod.POST,
    HttpMethod.PUT,
    HttpMethod.PATCH,
    HttpMethod.DELETE,
]


def resolve_spa_file(root: Path, path: str) -> Path | None:
    """The file under `root` that `path` names, or None (missing, a directory, or outside root)."""
    if not path:
        return None
    candidate = (root / path).resolve()
    if not candidate.is_relative_to(root) or not candidate.is_file():
        return None
    return candidate


def spa_handler(spa_dir: Path) -> HTTPRouteHandler:
    root = spa_dir.resolve()

    @route(
        ["/", "/{path:path}"],
        http_method=_METHODS,
        include_in_schema=False,
        name="spa",
        status_code=200,
    )
    async def serve_spa(request: Request[Any, Any, Any]) -> Response[bytes] | File:
        # the decoded request path; "/{path:path}" only routes it here
        relative = str(request.scope["path"]).lstrip("/")
        if relative in ("api", "metrics") or relative.startswith("api/"):
            raise NotFound("No API operation lives at this path.")
        if request.method not in (HttpMethod.GET, HttpMethod.HEAD):
            raise MethodNotAllowedException(
                "Pages of the web app can only be read.", headers={"Allow": "GET, HEAD"}
            )
        found = resolve_spa_file(root, relative)
        if found is not None and found.name != "index.html":
            cache = IMMUTABLE if found.parent.name == "assets" else SHORT
            return File(
                found,
                content_disposition_type="inline",
                media_type=_MEDIA_TYPES.get(found.suffix) or mimetypes.guess_type(found.name)[0],
                headers={"Cache-Control": cache},
            )
        index = root / "index.html"
        if not index.is_file():
            raise NotFound(
                "The web app is not built: run `make run`, or `npm ci && npm run build` in frontend/."
            )
        return Response(
            index.read_bytes(),
            media_type="text/html; charset=utf-8",
            headers={"Cache-Control": REVALIDATE},
        )

    return serve_spa
