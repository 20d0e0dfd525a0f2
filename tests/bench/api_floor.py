"""The floor of tests/bench/api_bench.py: a bare Litestar + msgspec + psycopg app answering the
hot reads with the same JSON as Skriptoteket, and doing the same database work a correct
answer needs (the caller's session or token looked up in PostgreSQL, then the read), with
nothing else: no middleware, no dependency injection, no ORM, no expiry rules, no audit.

    (served by tests/bench/api_bench.py on granian, like `skriptoteket serve`)

The catalog statement is Skriptoteket's own (infrastructure/db/catalog_search.py), so a change
of the search is measured on both sides.
"""

from __future__ import annotations

import hashlib
import os
import re
from datetime import datetime
from typing import Any
from uuid import UUID

import msgspec
from litestar import Litestar, Request, get
from litestar.exceptions import NotAuthorizedException, NotFoundException
from psycopg_pool import AsyncConnectionPool

from skriptoteket.infrastructure.db import catalog_search

COOKIE = "skriptoteket_session"

# The SQLAlchemy text() with :name parameters, in psycopg's %(name)s style.
CATALOG_SQL = re.sub(r"(?<![:\w]):(\w+)", r"%(\1)s", str(catalog_search.CATALOG_SEARCH.text))

BY_SESSION = (
    "SELECT u.id, u.email, u.display_name, u.role, u.is_active, u.created_at, u.last_login_at, "
    "u.language, u.must_change_password, "
    "s.csrf_token FROM auth_sessions s JOIN users u ON u.id = s.user_id "
    "WHERE s.secret_hash = %s"
)
BY_TOKEN = (
    "SELECT u.id, u.email, u.display_name, u.role, u.is_active, u.created_at, u.last_login_at, "
    "u.language, u.must_change_password, "
    "NULL FROM access_tokens t JOIN users u ON u.id = t.user_id "
    "WHERE t.secret_hash = %s AND t.revoked_at IS NULL"
)
RUN_SQL = """
    SELECT r.id, r.tool_slug, t.title, r.version_number, r.session_id, r.mode, r.env,
           r.status, r.result, r.queued_at, r.started_at, r.finished_at, r.user_id
    FROM runs r JOIN tools t ON t.id = r.tool_id
    WHERE r.id = %s
"""


class ToolSummary(msgspec.Struct):
    slug: str
    title: str
    summary: str
    professions: list[str]
    categories: list[str]
    is_favorite: bool
    updated_at: datetime


class ToolPage(msgspec.Struct):
    items: list[ToolSummary]
    total: int
    limit: int
    offset: int


class User(msgspec.Struct):
    id: UUID
    email: str
    display_name: str
    role: str
    is_active: bool
    created_at: datetime
    last_login_at: datetime | None
    language: str
    must_change_password: bool


class Me(msgspec.Struct):
    user: User
    csrf_token: str | None


def create_app() -> Litestar:
    pool = AsyncConnectionPool(
        os.environ["FLOOR_DATABASE_URL"],
        min_size=10,
        max_size=10,
        open=False,
        kwargs={"autocommit": True},
    )

    async def caller(conn: Any, request: Request[Any, Any, Any]) -> tuple[Any, ...]:
        header = request.headers.get("authorization")
        if header:
            secret, sql = header.partition(" ")[2], BY_TOKEN
        else:
            secret, sql = request.cookies.get(COOKIE, ""), BY_SESSION
        cur = await conn.execute(sql, (hashlib.sha256(secret.encode()).digest(),))
        row = await cur.fetchone()
        if row is None or not row[4]:
            raise NotAuthorizedException()
        return tuple(row)

    @get("/api/v1/auth/me")
    async def me(request: Request[Any, Any, Any]) -> Me:
        async with pool.connection() as conn:
            row = await caller(conn, request)
        return Me(user=User(*row[:9]), csrf_token=row[9])

    @get("/api/v1/tools")
    async def tools(request: Request[Any, Any, Any], q: str | None = None) -> ToolPage:
        terms = catalog_search.search_terms(q)
        async with pool.connection() as conn:
            user = await caller(conn, request)
            params = {
                "tsquery": catalog_search.to_tsquery_text(terms),
                "near_tsquery": "",
                "near_patterns": [],
                "searching": bool(terms),
                "patterns": [f"%{t}%" for t in terms],
                "professions": [],
                "categories": [],
                "favorites_only": False,
                "user_id": user[0],
                "limit": 50,
                "offset": 0,
            }
            cur = await conn.execute(CATALOG_SQL, params)
            rows = await cur.fetchall()
        names = [c.name for c in cur.description or ()]
        items = [dict(zip(names, r, strict=True)) for r in rows]
        return ToolPage(
            items=[
                ToolSummary(
                    i["slug"],
                    i["title"],
                    i["summary"],
                    i["professions"],
                    i["categories"],
                    i["is_favorite"],
                    i["updated_at"],
                )
                for i in items
            ],
            total=items[0]["total"] if items else 0,
            limit=50,
            offset=0,
        )

    @get("/api/v1/runs/{run_id:uuid}")
    async def run(request: Request[Any, Any, Any], run_id: UUID) -> dict[str, Any]:
        async with pool.connection() as conn:
            user = await caller(conn, request)
            cur = await conn.execute(RUN_SQL, (run_id,))
            row = await cur.fetchone()
        if row is None or row[12] != user[0]:
            raise NotFoundException()
        result = row[8] or {}
        return {
            "id": row[0],
            "tool": {"slug": row[1], "title": row[2]},
            "version": row[3],
            "session_id": row[4],
            "mode": row[5],
            "env": row[6],
            "status": row[7],
            "error": None,
            "outputs": result.get("outputs", []),
            "actions": result.get("actions", []),
            "artifacts": [],
            "queued_at": row[9],
            "started_at": row[10],
            "finished_at": row[11],
            "logs": None,
            "queue_position": None,
            "content_expired": False,
            "retention_days": None,
            "user": None,
            "expected_met": None,
        }

    async def open_pool() -> None:
        await pool.open()

    async def close_pool() -> None:
        await pool.close()

    return Litestar([me, tools, run], on_startup=[open_pool], on_shutdown=[close_pool], debug=False)
