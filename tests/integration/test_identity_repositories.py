"""One contract for each identity port, run against the SQL adapter and the in-memory fake.

If the fake and PostgreSQL ever disagree, the unit tests built on the fake stop meaning
anything; this suite keeps them honest.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.engine import make_url

from skriptoteket.domain.errors import Conflict
from skriptoteket.domain.users import Role, User
from skriptoteket.infrastructure.db.audit import SqlAuditLog
from skriptoteket.infrastructure.db.credentials import ReadPoolCredentials
from skriptoteket.infrastructure.db.engine import make_engine, make_session_factory
from skriptoteket.infrastructure.db.identity import (
    SqlLoginAttempts,
    SqlSignInSessionRepository,
    SqlTokenRepository,
    SqlUserRepository,
)
from skriptoteket.infrastructure.db.read_pool import ReadPool, libpq_conninfo
from skriptoteket.infrastructure.db.token_uses import TokenUses
from skriptoteket.infrastructure.db.uow import SqlAlchemyUnitOfWork
from skriptoteket.protocols.identity import (
    AuditEvent,
    AuditFilter,
    AuditLog,
    Credentials,
    LoginAttempts,
    SignInSession,
    SignInSessionRepository,
    StoredToken,
    TokenRepository,
    UserRepository,
)
from skriptoteket.protocols.uow import UnitOfWork
from tests.fakes.database import FakeDatabase, FakeUnitOfWork
from tests.fakes.identity import (
    FakeAuditLog,
    FakeCredentials,
    FakeLoginAttempts,
    FakeSignInSessions,
    FakeTokens,
    FakeUsers,
)

NOW = datetime(2026, 9, 1, 8, 0, tzinfo=UTC)


@dataclass
class Ports:
    uow: UnitOfWork
    users: UserRepository
    sessions: SignInSessionRepository
    tokens: TokenRepository
    audit: AuditLog
    attempts: LoginAttempts
    credentials: Credentials


@pytest.fixture(params=["fake", "sql"])
async def ports(request: pytest.FixtureRequest, db: str) -> AsyncIterator[Ports]:
    if request.param == "fake":
        memory = FakeDatabase()
        yield Ports(
            FakeUnitOfWork(memory),
            FakeUsers(memory),
            FakeSignInSessions(memory),
            FakeTokens(memory),
            FakeAuditLog(memory),
            FakeLoginAttempts(memory),
            FakeCredentials(memory),
        )
        return
    url = make_url(db).set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    engine = make_engine(url, pool_size=2)
    reads = ReadPool(libpq_conninfo(db), 2)
    uses = TokenUses(reads, every=3600)  # written when the tokens are listed
    async with make_session_factory(engine)() as session:
        yield Ports(
            SqlAlchemyUnitOfWork(session),
            SqlUserRepository(session),
            SqlSignInSessionRepository(session),
            SqlTokenRepository(session, uses),
            SqlAuditLog(session),
            SqlLoginAttempts(session),
            ReadPoolCredentials(reads, uses),
        )
    await uses.close()
    await reads.close()
    await engine.dispose()


def user(email: str, role: Role = Role.USER, *, active: bool = True) -> User:
    return User(uuid.uuid4(), email, email.split("@", maxsplit=1)[0], role, active, NOW)


async def test_users_are_found_by_email_and_emails_are_unique(ports: Ports) -> None:
    anna = user("anna@skola.se")
    async with ports.uow:
        await ports.users.add(anna, "hash-a")
        await ports.uow.commit()
    async with ports.uow:
        assert await ports.users.get_by_email("anna@skola.se") == anna
        assert await ports.users.password_hash(anna.id) == "hash-a"
        with pytest.raises(Conflict):
            await ports.users.add(user("anna@skola.se"), "hash-b")


async def test_users_are_searched_by_text_role_and_activation_page_by_page(ports: Ports) -> None:
    async with ports.uow:
        for email, role, active in (
            ("b@skola.se", Role.USER, True),
            ("a@skola.se", Role.ADMIN, True),
            ("c@annan.se", Role.USER, False),
        ):
            await ports.users.add(user(email, role, active=active), "h")
        await ports.uow.commit()
    async with ports.uow:
        found, total = await ports.users.search(
            q="SKOLA", role=None, is_active=None, limit=1, offset=1
        )
        assert ([u.email for u in found], total) == (["b@skola.se"], 2)
        found, total = await ports.users.search(
            q=None, role=Role.USER, is_active=False, limit=10, offset=0
        )
        assert ([u.email for u in found], total) == (["c@annan.se"], 1)


async def test_a_block_without_commit_leaves_nothing_behind(ports: Ports) -> None:
    async with ports.uow:
        await ports.users.add(user("kvar@skola.se"), "h")
    async with ports.uow:
        assert await ports.users.get_by_email("kvar@skola.se") is None


async def test_sessions_of_a_user_end_together_except_the_one_kept(ports: Ports) -> None:
    anna = user("anna@skola.se")
    kept, other = uuid.uuid4(), uuid.uuid4()
    async with ports.uow:
        await ports.users.add(anna, "h")
        for sid in (kept, other):
            await ports.sessions.add(
                SignInSession(sid, anna.id, "csrf", NOW, NOW), sid.bytes, None, None
            )
        assert await ports.sessions.delete_for_user(anna.id, keep=kept) == 1
        found = await ports.sessions.find(kept.bytes)
        assert found is not None and found.id == kept
        assert await ports.sessions.find(other.bytes) is None


async def test_revoking_a_users_tokens_counts_only_live_ones(ports: Ports) -> None:
    anna = user("anna@skola.se")
    async with ports.uow:
        await ports.users.add(anna, "h")
        ids = [uuid.uuid4() for _ in range(3)]
        for i, tid in enumerate(ids):
            await ports.tokens.add(
                StoredToken(
                    tid, anna.id, f"t{i}", "skt_x", NOW + timedelta(seconds=i), None, None, None
                ),
                tid.bytes,
            )
        await ports.tokens.revoke(ids[0], NOW)
        assert await ports.tokens.revoke_for_user(anna.id, NOW) == 2
        listed = await ports.tokens.list_for_user(anna.id)
        assert [t.name for t in listed] == ["t2", "t1", "t0"]
        assert all(t.revoked_at == NOW for t in listed)


async def test_failed_logins_are_counted_newest_first_per_email_and_client(
    ports: Ports,
) -> None:
    async with ports.uow:
        for i, (client, email) in enumerate(
            [("ip:1.1.1.1", "a@s.se"), ("ip:1.1.1.1", "b@s.se"), ("ip:1.1.1.1", "a@s.se")]
        ):
            await ports.attempts.add_failure(
                ip="1.1.1.1", email=email, client=client, at=NOW + timedelta(seconds=i)
            )
        await ports.attempts.add_failure(ip="1.1.1.1", email="a@s.se", client="device:x", at=NOW)
        await ports.attempts.lock_email("a@s.se")
        since = NOW - timedelta(minutes=1)
        a_here = {"email": "a@s.se", "client": "ip:1.1.1.1"}
        assert await ports.attempts.failures_since(since=since, limit=5, **a_here) == [
            NOW + timedelta(seconds=2),
            NOW,
        ]
        assert await ports.attempts.failures_since(since=since, limit=1, **a_here) == [
            NOW + timedelta(seconds=2)
        ]
        assert await ports.attempts.clear("a@s.se", client="device:x") == 1
        await ports.attempts.prune(NOW + timedelta(seconds=1))
        assert await ports.attempts.failures_since(since=since, limit=5, **a_here) == [
            NOW + timedelta(seconds=2)
        ]
        assert await ports.attempts.clear("a@s.se") == 1
        assert await ports.attempts.failures_since(since=since, limit=5, **a_here) == []


async def test_audit_events_are_filtered_and_newest_first(ports: Ports) -> None:
    actor = uuid.uuid4()
    async with ports.uow:
        for i, action in enumerate(["login.succeeded", "user.created", "user.created"]):
            await ports.audit.append(
                AuditEvent(
                    uuid.uuid4(),
                    NOW + timedelta(seconds=i),
                    action,
                    actor if i else None,
                    "user",
                    str(i),
                    "1.1.1.1",
                    None,
                    {"i": i},
                )
            )
        await ports.uow.commit()
    async with ports.uow:
        events, total = await ports.audit.list(
            AuditFilter(action="user.created"), limit=1, offset=0
        )
        assert total == 2 and events[0].details == {"i": 2}
        events, total = await ports.audit.list(
            AuditFilter(
                actor_id=actor, since=NOW + timedelta(seconds=1), until=NOW + timedelta(seconds=2)
            ),
            limit=10,
            offset=0,
        )
        assert [e.subject_id for e in events] == ["1"]


async def test_a_request_finds_its_session_or_token_with_the_user_and_writes_at_once(
    ports: Ports,
) -> None:
    anna, bo = user("anna@skola.se"), user("bo@skola.se", active=False)
    sid, tid = uuid.uuid4(), uuid.uuid4()
    session = SignInSession(sid, anna.id, "csrf", NOW, NOW)
    token = StoredToken(tid, bo.id, "t", "skt_x", NOW, None, None, None, frozenset({"runs:read"}))
    async with ports.uow:
        await ports.users.add(anna, "h")
        await ports.users.add(bo, "h")
        await ports.sessions.add(session, b"s" * 32, None, None)
        await ports.tokens.add(token, b"t" * 32)
        await ports.uow.commit()

    assert await ports.credentials.session_with_user(b"s" * 32) == (session, anna)
    assert await ports.credentials.token_with_user(b"t" * 32) == (token, bo)  # inactive too
    assert await ports.credentials.session_with_user(b"t" * 32) is None
    assert await ports.credentials.token_with_user(b"s" * 32) is None

    # Each write is complete in itself, without a unit of work; a token's uses are seen by
    # the token listing (which writes this process's pending uses first).
    later = NOW + timedelta(minutes=5)
    await ports.credentials.touch_session(sid, later)
    await ports.credentials.count_token_use(tid, later)
    await ports.credentials.count_token_use(tid, later + timedelta(seconds=1))
    found = await ports.credentials.session_with_user(b"s" * 32)
    assert found is not None and found[0].last_seen_at == later
    async with ports.uow:
        [counted] = await ports.tokens.list_for_user(bo.id)
    assert (counted.request_count, counted.last_used_at) == (2, later + timedelta(seconds=1))
    await ports.credentials.end_session(sid)
    assert await ports.credentials.session_with_user(b"s" * 32) is None
    async with ports.uow:
        assert await ports.sessions.find(b"s" * 32) is None
