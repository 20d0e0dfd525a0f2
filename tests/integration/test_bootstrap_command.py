"""`skriptoteket bootstrap` (compose's one-shot bootstrap service): the first superuser from
SKRIPTOTEKET_ADMIN_EMAIL/SKRIPTOTEKET_ADMIN_PASSWORD and the script bank; a second run changes
nothing; without the two settings it refuses and says what to set."""

from __future__ import annotations

import psycopg
import pytest

from skriptoteket.entrypoints.cli import main as cli


def count(db: str, sql: str) -> int:
    with psycopg.connect(db) as conn:
        row = conn.execute(sql).fetchone()
    assert row is not None
    return int(row[0])


def test_bootstrap_creates_the_admin_and_seeds_the_bank_once(
    db: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", db)
    monkeypatch.setenv("SKRIPTOTEKET_ADMIN_EMAIL", "IT@Skola.se")
    monkeypatch.setenv("SKRIPTOTEKET_ADMIN_PASSWORD", "a long admin secret")

    assert cli(["bootstrap"]) == 0
    first = capsys.readouterr().out
    assert "superuser it@skola.se created" in first
    assert "script bank: namnlista v1 created" in first
    superusers = "SELECT count(*) FROM users WHERE role = 'superuser' AND email = 'it@skola.se'"
    assert count(db, superusers) == 1
    tools = count(db, "SELECT count(*) FROM tools")
    assert tools >= 10

    assert cli(["bootstrap"]) == 0
    second = capsys.readouterr().out
    assert "superuser it@skola.se already exists" in second
    assert "created" not in second.replace("already exists", "")
    assert count(db, superusers) == 1
    assert count(db, "SELECT count(*) FROM tools") == tools


def test_bootstrap_without_the_admin_settings_says_what_to_set(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", db)
    monkeypatch.delenv("SKRIPTOTEKET_ADMIN_EMAIL", raising=False)
    monkeypatch.delenv("SKRIPTOTEKET_ADMIN_PASSWORD", raising=False)

    with pytest.raises(SystemExit) as exited:
        cli(["bootstrap"])
    assert "SKRIPTOTEKET_ADMIN_EMAIL" in str(exited.value.code)
    assert count(db, "SELECT count(*) FROM users") == 0
