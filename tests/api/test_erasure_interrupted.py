"""An erasure cut off half-way (the API killed while its transaction waits) leaves nothing
half-erased: every row and file is as before, and a second erasure then completes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import psycopg

from tests.builders import make_session, make_user
from tests.live_server import free_port, live_server
from tests.privacy_support import database_text, file_store_text, finished_run_with_artifact


def serve(db: str, data_dir: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": db,
        "SKRIPTOTEKET_DATA_DIR": str(data_dir),
        "SKRIPTOTEKET_LOG_LEVEL": "WARNING",
    }
    # Its own process group: `serve` is a master with worker processes, and the worker that
    # holds the erasure's transaction must die with it.
    proc = subprocess.Popen(
        [sys.executable, "-m", "skriptoteket", "serve", "--port", str(port)],
        env=env,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                return proc, base
        except httpx.TransportError:
            time.sleep(0.1)
    os.killpg(proc.pid, signal.SIGKILL)
    raise AssertionError("the server did not start")


def test_a_killed_erasure_changes_nothing_and_a_second_one_completes(
    db: str, tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    email = "avbruten.radering@skola.example"
    user = make_user(db, email=email, display_name="Avbruten Radering")
    make_session(db, user)
    finished_run_with_artifact(db, data_dir / "files", user.id, "HALVVAGS-KANARIE")
    admin = make_session(db, make_user(db, role="admin"))
    before_db = database_text(db)
    before_files = file_store_text(data_dir / "files")
    proc, base = serve(db, data_dir)
    answer: list[object] = []

    def erase() -> None:
        try:
            answer.append(
                httpx.post(
                    f"{base}/api/v1/users/{user.id}/erase",
                    json={"confirm": "Avbruten Radering"},
                    cookies={"skriptoteket_session": admin.cookie},
                    headers={"X-CSRF-Token": admin.csrf_token},
                    timeout=30,
                )
            )
        except httpx.TransportError as exc:
            answer.append(exc)

    try:
        with psycopg.connect(db) as blocker:
            # The erasure deletes several tables' rows before favorites: hold it there.
            blocker.execute("LOCK TABLE favorites IN ACCESS EXCLUSIVE MODE")
            thread = threading.Thread(target=erase)
            thread.start()
            with psycopg.connect(db, autocommit=True) as watch:
                deadline = time.monotonic() + 20
                while not watch.execute(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE wait_event_type = 'Lock' AND query LIKE 'DELETE FROM favorites%%'"
                ).fetchone()[0]:  # type: ignore[index]
                    assert time.monotonic() < deadline, "the erasure never reached favorites"
                    time.sleep(0.05)
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
            thread.join(timeout=30)
            blocker.rollback()
        assert isinstance(answer[0], httpx.TransportError)
        # The dead client's transaction is rolled back by PostgreSQL.
        with psycopg.connect(db, autocommit=True) as watch:
            deadline = time.monotonic() + 20
            while watch.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'DELETE FROM favorites%%'"
                " AND pid <> pg_backend_pid()"
            ).fetchone()[0]:  # type: ignore[index]
                assert time.monotonic() < deadline
                time.sleep(0.1)
        assert database_text(db) == before_db
        assert file_store_text(data_dir / "files") == before_files
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)

    with live_server(db, SKRIPTOTEKET_DATA_DIR=str(data_dir)) as again:
        done = httpx.post(
            f"{again}/api/v1/users/{user.id}/erase",
            json={"confirm": "Avbruten Radering"},
            cookies={"skriptoteket_session": admin.cookie},
            headers={"X-CSRF-Token": admin.csrf_token},
        )
    assert done.status_code == 200, done.text
    assert email not in database_text(db)
    assert b"HALVVAGS-KANARIE" not in file_store_text(data_dir / "files")
