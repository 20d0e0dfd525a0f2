"""Helpers of the privacy tests: the whole database and file store as text, a user's runs with
marked content written straight to the database, and reading an export archive."""

from __future__ import annotations

import io
import json
import uuid
import zipfile
from pathlib import Path
from typing import Any

import psycopg

from tests.queue_support import enqueue


def database_text(db: str) -> str:
    """Every row of every table (JSONB included) as text."""
    with psycopg.connect(db) as conn:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            ).fetchall()
        ]
        parts = []
        for table in tables:
            row = conn.execute(
                f"SELECT coalesce(string_agg(t::text, E'\\n'), '') FROM \"{table}\" t"
            ).fetchone()
            parts.append(f"## {table}\n{row[0] if row else ''}")
    return "\n".join(parts)


def file_store_text(root: Path) -> bytes:
    """Every stored file's name and bytes, concatenated."""
    if not root.exists():
        return b""
    return b"\n".join(
        str(p.relative_to(root)).encode() + b"\n" + p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    )


def finished_run_with_artifact(
    db: str, store_root: Path, user_id: uuid.UUID, marker: str
) -> uuid.UUID:
    """A succeeded run of the demo tool whose inputs, result, logs and one artifact carry
    `marker`."""
    with psycopg.connect(db, autocommit=True) as conn:
        run_id = enqueue(conn, user_id, inputs={"namn": marker})
        key = f"runs/{run_id}/out/rapport.txt"
        path = store_root / key
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"Rapport om {marker}\n", encoding="utf-8")
        conn.execute("UPDATE jobs SET status = 'done', finished_at = now() WHERE run_id = %s",
                     (run_id,))  # fmt: skip
        conn.execute(
            "UPDATE runs SET status = 'succeeded', started_at = now(), finished_at = now(), "
            "result = %s, logs = %s WHERE id = %s",
            (
                json.dumps({"outputs": [{"kind": "text", "text": f"Hej {marker}"}]}),
                json.dumps({"stdout": marker, "stderr": ""}),
                run_id,
            ),
        )
        conn.execute(
            "INSERT INTO run_artifacts (id, run_id, path, name, bytes, media_type, sha256, "
            "store_key, expires_at) VALUES (%s, %s, 'rapport.txt', 'rapport.txt', %s, "
            "'text/plain', '', %s, now() + interval '1 day')",
            (uuid.uuid4(), run_id, path.stat().st_size, key),
        )
    return run_id


def archive(body: bytes) -> dict[str, bytes]:
    """An export's members by name."""
    with zipfile.ZipFile(io.BytesIO(body)) as z:
        assert z.testzip() is None
        return {name: z.read(name) for name in z.namelist()}


def all_text(members: dict[str, Any]) -> str:
    return "\n".join(v.decode("utf-8", "replace") for v in members.values())
