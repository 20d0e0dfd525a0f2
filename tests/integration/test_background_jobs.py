"""Background jobs through a real worker process and a real SMTP server: a mail job is sent,
retried with backoff while the server is down, and failed after its last attempt."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import psycopg
import pytest

from skriptoteket.infrastructure.background_jobs import sql
from skriptoteket.infrastructure.mail.smtp import parse_smtp_url
from tests.live_server import free_port
from tests.mail_support import Inbox, body, smtp_server
from tests.queue_support import start_worker, stop_worker, wait_until


def enqueue_mail(conn: psycopg.Connection[Any], to: str, *, max_attempts: int = 20) -> int:
    payload = {"to": to, "subject": "Hej", "text": "Ett brev åt dig."}
    row = conn.execute(
        sql.ENQUEUE,
        {
            "kind": "mail.send",
            "payload": json.dumps(payload),
            "max_attempts": max_attempts,
            "run_after": None,
        },
    ).fetchone()
    assert row is not None
    return int(row[0])


def job(conn: psycopg.Connection[Any], job_id: int) -> dict[str, Any]:
    cursor = conn.execute(
        "SELECT status, attempts, payload, last_error, run_after > now() AS waiting "
        "FROM background_jobs WHERE id = %s",
        (job_id,),
    )
    row = cursor.fetchone()
    assert row is not None and cursor.description is not None
    return dict(zip([c.name for c in cursor.description], row, strict=True))


def test_mail_job_is_sent_retried_while_the_server_is_down_and_failed_at_the_end(
    db: str, tmp_path: Path
) -> None:
    inbox = Inbox(port=free_port())
    worker = start_worker(
        db,
        tmp_path / "runs.log",
        SKRIPTOTEKET_SMTP_URL=inbox.url,
        SKRIPTOTEKET_MAIL_FROM="skriptoteket@skola.example.se",
        SKRIPTOTEKET_BACKGROUND_JOB_BACKOFF_MS="300",
    )
    try:
        with psycopg.connect(db, autocommit=True) as conn:
            with smtp_server(inbox):
                sent = enqueue_mail(conn, "larare@skola.example.se")
                message = inbox.wait_for("larare@skola.example.se")
                assert message["Subject"] == "Hej"
                assert message["From"] == "skriptoteket@skola.example.se"
                assert "Ett brev åt dig." in body(message)
                wait_until(lambda: job(conn, sent)["status"] == "done", 10, "the job done")
                assert job(conn, sent)["payload"] == {}  # the link in a mail is not kept

            # The server is away: jobs wait and try again; the one with 2 attempts gives up.
            patient = enqueue_mail(conn, "rektor@skola.example.se")
            short = enqueue_mail(conn, "vakt@skola.example.se", max_attempts=2)
            wait_until(lambda: job(conn, short)["status"] == "failed", 60, "the short job failed")
            failed = job(conn, short)
            assert failed["attempts"] == 2
            assert "Connection" in failed["last_error"]
            wait_until(lambda: job(conn, patient)["attempts"] >= 2, 60, "a second attempt")
            waiting = job(conn, patient)
            assert waiting["status"] in {"pending", "running"}
            assert waiting["last_error"]

            # The server is back: the next attempt delivers.
            with smtp_server(inbox):
                message = inbox.wait_for("rektor@skola.example.se", timeout=60)
                assert message["Subject"] == "Hej"
                wait_until(lambda: job(conn, patient)["status"] == "done", 10, "delivered")
            assert inbox.to("vakt@skola.example.se") == []
    finally:
        stop_worker(worker)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("smtp://127.0.0.1:2525", ("smtp", "127.0.0.1", 2525, None, None)),
        (
            "smtp+starttls://u%40s:p%3Aw@mail.skola.se",
            ("smtp+starttls", "mail.skola.se", 587, "u@s", "p:w"),
        ),
        ("smtps://mail.skola.se", ("smtps", "mail.skola.se", 465, None, None)),
    ],
)
def test_smtp_urls(url: str, expected: tuple[object, ...]) -> None:
    s = parse_smtp_url(url)
    assert (s.scheme, s.host, s.port, s.user, s.password) == expected


def test_an_smtp_url_of_another_scheme_is_refused() -> None:
    with pytest.raises(ValueError, match="smtp://"):
        parse_smtp_url("http://mail.skola.se")
