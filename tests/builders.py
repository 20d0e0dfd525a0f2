"""Builders for test data, written straight to the database (fast and explicit)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

import psycopg
from argon2 import PasswordHasher

from skriptoteket.infrastructure.security.secrets import new_secret, secret_hash

# Cheap parameters: tests need real argon2id hashes, not slow ones.
FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
PASSWORD = "correct horse battery staple"


@dataclass(frozen=True)
class TestUser:
    __test__ = False  # a builder, not a test class
    id: uuid.UUID
    email: str
    role: str
    password: str = PASSWORD


@dataclass(frozen=True)
class TestSession:
    __test__ = False
    user: TestUser
    cookie: str
    csrf_token: str


def make_user(
    db_url: str,
    *,
    role: str = "user",
    email: str | None = None,
    display_name: str | None = None,
    is_active: bool = True,
    password: str = PASSWORD,
) -> TestUser:
    user_id = uuid.uuid4()
    email = email or f"{role}-{user_id.hex[:8]}@skola.example"
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute(
            "INSERT INTO users (id, email, display_name, role, is_active, password_hash, created_at) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s)",
            (
                user_id,
                email.lower(),
                display_name or email.split("@")[0],
                role,
                is_active,
                FAST_HASHER.hash(password),
                datetime.now(UTC),
            ),
        )
    return TestUser(id=user_id, email=email.lower(), role=role, password=password)


def make_session(db_url: str, user: TestUser) -> TestSession:
    cookie = new_secret()
    csrf = new_secret(16)
    now = datetime.now(UTC)
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute(
            "INSERT INTO auth_sessions (id, user_id, secret_hash, csrf_token, created_at, last_seen_at) "
            "VALUES (%s, %s, %s, %s, %s, %s)",
            (uuid.uuid4(), user.id, secret_hash(cookie), csrf, now, now),
        )
    return TestSession(user=user, cookie=cookie, csrf_token=csrf)


def make_token(db_url: str, user: TestUser, scopes: str) -> str:
    """An access token of `user` with `scopes` (a PostgreSQL array literal: '{runs:read}');
    returns its secret."""
    secret = "skt_" + new_secret()
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute(
            "INSERT INTO access_tokens (id, user_id, name, prefix, secret_hash, created_at, scopes) "
            "VALUES (%s, %s, 'test', %s, %s, %s, %s)",
            (uuid.uuid4(), user.id, secret[:8], secret_hash(secret), datetime.now(UTC), scopes),
        )
    return secret
