"""The identity handlers on in-memory fakes: state after each use case, not mock calls."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import timedelta

import pytest

from skriptoteket.application.audit import Audit, ClientInfo, ListAuditEvents
from skriptoteket.application.identity.authenticate import Authenticate, SignInSessionPolicy
from skriptoteket.application.identity.login import Login, LoginPolicy, SecretScheme
from skriptoteket.application.identity.sign_in_sessions import ChangePassword, Logout
from skriptoteket.application.identity.tokens import CreateToken, RevokeToken
from skriptoteket.application.identity.users import (
    CreateUser,
    NewUser,
    UnlockAccount,
    UpdateUser,
    UserChanges,
)
from skriptoteket.domain.errors import (
    Conflict,
    Forbidden,
    InvalidInput,
    NotFound,
    RateLimited,
    Unauthenticated,
)
from skriptoteket.domain.users import AuthMethod, Principal, Role, User
from skriptoteket.protocols.identity import AuditFilter, SignInSession
from tests.fakes.database import FakeClock, FakeDatabase, FakeUnitOfWork
from tests.fakes.identity import (
    FakeAuditLog,
    FakeCredentials,
    FakeHasher,
    FakeKnownDevices,
    FakeLoginAttempts,
    FakeSignInSessions,
    FakeTokens,
    FakeUsers,
)

PASSWORD = "correct horse battery"
HERE = ClientInfo(ip="10.0.0.7", user_agent="pytest")
POLICY = LoginPolicy(
    max_failures=3, max_delay=timedelta(seconds=300), window=timedelta(seconds=3600)
)
TOKEN_DAYS = timedelta(days=365)


def counter_secrets() -> SecretScheme:
    n = iter(range(10_000))
    return SecretScheme(new=lambda: f"secret-{next(n)}", hash=lambda s: s.encode()[::-1])


@dataclass
class World:
    db: FakeDatabase = field(default_factory=FakeDatabase)
    clock: FakeClock = field(default_factory=FakeClock)
    hasher: FakeHasher = field(default_factory=FakeHasher)
    secrets: SecretScheme = field(default_factory=counter_secrets)

    @property
    def uow(self) -> FakeUnitOfWork:
        return FakeUnitOfWork(self.db)

    @property
    def audit(self) -> Audit:
        return Audit(FakeAuditLog(self.db), self.clock)

    def login(self, policy: LoginPolicy = POLICY) -> Login:
        return Login(
            self.uow,
            FakeUsers(self.db),
            FakeSignInSessions(self.db),
            FakeLoginAttempts(self.db),
            FakeKnownDevices(self.db),
            self.hasher,
            self.audit,
            self.clock,
            policy,
            self.secrets,
        )

    def user(
        self, role: Role = Role.USER, *, email: str | None = None, active: bool = True
    ) -> User:
        user = User(
            id=uuid.uuid4(),
            email=email or f"{role.value}-{uuid.uuid4().hex[:6]}@skola.se",
            display_name="Test",
            role=role,
            is_active=active,
            created_at=self.clock.now(),
        )
        self.db.users[user.id] = user
        self.db.password_hashes[user.id] = f"fake:1:{PASSWORD}"
        return user

    def session_of(self, user: User) -> Principal:
        session = SignInSession(
            id=uuid.uuid4(),
            user_id=user.id,
            csrf_token="csrf",
            created_at=self.clock.now(),
            last_seen_at=self.clock.now(),
        )
        self.db.sign_in_sessions[uuid.uuid4().bytes] = session
        return Principal(
            user=user, method=AuthMethod.SESSION, sign_in_session_id=session.id, csrf_token="csrf"
        )

    def actions(self) -> list[str]:
        return [e.action for e in self.db.audit]


@pytest.fixture
def world() -> World:
    return World()


async def test_a_login_opens_a_session_and_records_it(world: World) -> None:
    user = world.user(email="larare@skola.se")

    signed_in = await world.login()("  Larare@Skola.SE", PASSWORD, HERE)

    assert signed_in.user.id == user.id
    assert signed_in.user.last_login_at == world.clock.now()
    (session,) = world.db.sign_in_sessions.values()
    assert world.secrets.hash(signed_in.session_secret) in world.db.sign_in_sessions
    assert session.csrf_token == signed_in.csrf_token
    assert world.actions() == ["login.succeeded"]
    assert world.db.audit[0].ip == "10.0.0.7"


async def test_a_wrong_password_is_refused_but_the_failure_is_kept(world: World) -> None:
    user = world.user()
    with pytest.raises(Unauthenticated) as refused:
        await world.login()(user.email, "wrong", HERE)
    assert refused.value.code == "invalid_credentials"
    assert world.db.sign_in_sessions == {}
    assert [a[:3] for a in world.db.attempts] == [("10.0.0.7", user.email, "ip:10.0.0.7")]
    assert world.actions() == ["login.failed"]
    assert world.db.audit[0].subject_id == str(user.id)


async def test_an_unknown_email_costs_a_dummy_verification_and_looks_the_same(world: World) -> None:
    with pytest.raises(Unauthenticated) as refused:
        await world.login()("nobody@skola.se", PASSWORD, HERE)
    assert refused.value.code == "invalid_credentials"
    assert str(refused.value) == "The email or password is wrong."
    assert (world.hasher.dummy_checks, world.hasher.checks) == (1, 0)
    assert world.actions() == ["login.failed"]


async def test_an_inactive_account_is_refused_like_a_wrong_password(world: World) -> None:
    user = world.user(active=False)
    with pytest.raises(Unauthenticated, match="email or password"):
        await world.login()(user.email, PASSWORD, HERE)


async def test_a_client_that_keeps_failing_waits_longer_and_longer(world: World) -> None:
    user = world.user()
    login = world.login()
    for _ in range(3):
        with pytest.raises(Unauthenticated):
            await login(user.email, "wrong", HERE)
        world.clock.advance(10)

    # Three failures: this client waits 1 s after its latest one, even for the right password.
    world.clock.at -= timedelta(seconds=10)
    with pytest.raises(RateLimited) as waiting:
        await login(user.email, PASSWORD, HERE)
    assert waiting.value.retry_after_s == 1
    assert world.hasher.checks == 3  # a waiting client costs no hashing
    delays = []
    for _ in range(5):
        world.clock.advance(400)
        with pytest.raises(Unauthenticated):
            await login(user.email, "wrong", HERE)
        with pytest.raises(RateLimited) as waiting:
            await login(user.email, PASSWORD, HERE)
        delays.append(waiting.value.retry_after_s)
    assert delays == [2, 4, 8, 16, 32]

    world.clock.advance(32)
    assert (await login(user.email, PASSWORD, HERE)).user.id == user.id
    assert world.db.attempts == []


async def test_a_client_that_has_not_failed_signs_in_while_another_is_slowed(
    world: World,
) -> None:
    user = world.user()
    login = world.login()
    teacher = await login(user.email, PASSWORD, HERE)  # the teacher's browser, known from now
    assert teacher.device_secret is not None
    for _ in range(10):  # a pupil at the same school address guesses
        world.clock.advance(301)
        with pytest.raises(Unauthenticated):
            await login(user.email, "wrong", HERE)
    with pytest.raises(RateLimited):
        await login(user.email, PASSWORD, HERE)

    again = await login(user.email, PASSWORD, HERE, teacher.device_secret)
    assert again.user.id == user.id and again.device_secret is None
    # A made-up device cookie counts as none: the pupil is still the school address.
    with pytest.raises(RateLimited):
        await login(user.email, PASSWORD, HERE, "made-up")


async def test_many_failures_from_one_ip_do_not_slow_other_accounts(world: World) -> None:
    user = world.user()
    login = world.login()
    for i in range(30):
        with pytest.raises(Unauthenticated):
            await login(f"x{i}@skola.se", "wrong", HERE)
    assert (await login(user.email, PASSWORD, HERE)).user.id == user.id


async def test_an_admin_unlock_forgets_every_clients_failures(world: World) -> None:
    admin = world.session_of(world.user(Role.ADMIN))
    user = world.user()
    for _ in range(4):
        world.clock.advance(60)
        with pytest.raises(Unauthenticated):
            await world.login()(user.email, "wrong", HERE)
    unlock = UnlockAccount(world.uow, FakeUsers(world.db), FakeLoginAttempts(world.db), world.audit)
    with pytest.raises(Forbidden):
        await unlock(world.session_of(user), user.id, HERE)

    assert await unlock(admin, user.id, HERE) == 4

    assert (await world.login()(user.email, PASSWORD, HERE)).user.id == user.id
    assert world.actions()[-2:] == ["user.unlocked", "login.succeeded"]


async def test_a_login_rehashes_when_the_hasher_parameters_changed(world: World) -> None:
    user = world.user()
    world.hasher.cost = 2
    await world.login()(user.email, PASSWORD, HERE)
    assert world.db.password_hashes[user.id] == f"fake:2:{PASSWORD}"


async def test_logout_ends_only_this_session(world: World) -> None:
    user = world.user()
    me = world.session_of(user)
    world.session_of(user)
    await Logout(world.uow, FakeSignInSessions(world.db), world.audit)(me, HERE)
    assert [s.id for s in world.db.sign_in_sessions.values()] != [me.sign_in_session_id]
    assert len(world.db.sign_in_sessions) == 1
    assert world.actions() == ["logout"]


def change_password(world: World) -> ChangePassword:
    return ChangePassword(
        world.uow,
        FakeUsers(world.db),
        FakeSignInSessions(world.db),
        FakeTokens(world.db),
        world.hasher,
        world.audit,
        world.clock,
    )


async def test_changing_the_password_ends_every_other_session_and_revokes_tokens(
    world: World,
) -> None:
    user = world.user()
    me = world.session_of(user)
    world.session_of(user)
    world.session_of(world.user())
    await create_token(world)(me, "export", None, HERE)

    ended = await change_password(world)(me, PASSWORD, "a new passphrase", HERE)

    assert ended == 1
    assert world.db.password_hashes[user.id] == "fake:1:a new passphrase"
    assert {s.id for s in world.db.sign_in_sessions.values() if s.user_id == user.id} == {
        me.sign_in_session_id
    }
    assert all(t.revoked_at is not None for t in world.db.tokens.values())
    assert world.actions() == ["token.created", "password.changed"]
    assert world.db.audit[-1].details == {"sessions_ended": 1, "tokens_revoked": 1}


async def test_a_password_change_may_keep_the_tokens(world: World) -> None:
    me = world.session_of(world.user())
    await create_token(world)(me, "export", None, HERE)
    await change_password(world)(me, PASSWORD, "a new passphrase", HERE, keep_tokens=True)
    assert all(t.revoked_at is None for t in world.db.tokens.values())


def create_token(world: World) -> CreateToken:
    return CreateToken(
        world.uow, FakeTokens(world.db), world.audit, world.clock, world.secrets, TOKEN_DAYS
    )


async def test_the_password_stays_when_the_current_one_is_wrong_or_the_new_one_short(
    world: World,
) -> None:
    user = world.user()
    me = world.session_of(user)
    with pytest.raises(InvalidInput) as wrong:
        await change_password(world)(me, "not mine", "a new passphrase", HERE)
    assert wrong.value.errors[0].field == "current_password"
    with pytest.raises(InvalidInput) as short:
        await change_password(world)(me, PASSWORD, "short", HERE)
    assert short.value.errors[0].code == "password_too_short"
    assert world.db.password_hashes[user.id] == f"fake:1:{PASSWORD}"
    assert world.db.audit == []


async def test_a_token_principal_cannot_change_the_password(world: World) -> None:
    user = world.user()
    by_token = Principal(user=user, method=AuthMethod.TOKEN, token_id=uuid.uuid4())
    with pytest.raises(Forbidden) as refused:
        await change_password(world)(by_token, PASSWORD, "a new passphrase", HERE)
    assert refused.value.code == "session_required"


async def test_a_token_is_stored_hashed_and_revoked_only_by_its_owner(world: World) -> None:
    owner = world.session_of(world.user())
    other = world.session_of(world.user())
    created = await create_token(world)(owner, " export ", None, HERE)
    assert created.secret.startswith("skt_")
    assert world.db.tokens == {world.secrets.hash(created.secret): created.token}
    assert created.token.name == "export"

    revoke = RevokeToken(world.uow, FakeTokens(world.db), world.audit, world.clock)
    with pytest.raises(NotFound):
        await revoke(other, created.token.id, HERE)
    await revoke(owner, created.token.id, HERE)
    await revoke(owner, created.token.id, HERE)
    (stored,) = world.db.tokens.values()
    assert stored.revoked_at == world.clock.now()
    assert world.actions() == ["token.created", "token.revoked"]


async def test_a_token_cannot_expire_in_the_past(world: World) -> None:
    me = world.session_of(world.user())
    with pytest.raises(InvalidInput):
        await create_token(world)(me, "old", world.clock.now() - timedelta(days=1), HERE)
    assert world.db.tokens == {}


async def test_a_token_lives_at_most_the_maximum_lifetime(world: World) -> None:
    me = world.session_of(world.user())
    with pytest.raises(InvalidInput) as too_far:
        await create_token(world)(me, "long", world.clock.now() + timedelta(days=366), HERE)
    assert too_far.value.errors[0].code == "too_far"
    forever = await create_token(world)(me, "default", None, HERE)
    assert forever.token.expires_at == world.clock.now() + TOKEN_DAYS


def create_user(world: World) -> CreateUser:
    return CreateUser(world.uow, FakeUsers(world.db), world.hasher, world.audit, world.clock)


async def test_admins_create_users_but_only_superusers_create_admins(world: World) -> None:
    admin = world.session_of(world.user(Role.ADMIN))
    superuser = world.session_of(world.user(Role.SUPERUSER))
    new = NewUser(
        email="Ny@Skola.se", display_name=" Ny ", role=Role.CONTRIBUTOR, password="ten chars!"
    )

    created = await create_user(world)(admin, new, HERE)
    assert (created.email, created.display_name, created.role) == (
        "ny@skola.se",
        "Ny",
        Role.CONTRIBUTOR,
    )
    with pytest.raises(Forbidden):
        await create_user(world)(admin, NewUser("a@b.se", "A", Role.ADMIN, "ten chars!"), HERE)
    assert (
        await create_user(world)(superuser, NewUser("a@b.se", "A", Role.ADMIN, "ten chars!"), HERE)
    ).role is Role.ADMIN
    with pytest.raises(Conflict):
        await create_user(world)(admin, new, HERE)
    assert world.actions() == ["user.created", "user.created"]


async def test_a_contributor_cannot_create_users(world: World) -> None:
    contributor = world.session_of(world.user(Role.CONTRIBUTOR))
    with pytest.raises(Forbidden):
        await create_user(world)(contributor, NewUser("a@b.se", "A", Role.USER, "ten chars!"), HERE)


def update_user(world: World) -> UpdateUser:
    return UpdateUser(
        world.uow,
        FakeUsers(world.db),
        FakeSignInSessions(world.db),
        FakeTokens(world.db),
        world.audit,
        world.clock,
    )


async def test_deactivation_ends_sessions_and_revokes_tokens_in_one_go(world: World) -> None:
    admin = world.session_of(world.user(Role.ADMIN))
    target = world.user(Role.CONTRIBUTOR)
    them = world.session_of(target)
    await create_token(world)(them, "t", None, HERE)

    after = await update_user(world)(admin, target.id, UserChanges(is_active=False), HERE)

    assert after.is_active is False
    assert all(s.user_id != target.id for s in world.db.sign_in_sessions.values())
    assert all(t.revoked_at is not None for t in world.db.tokens.values())
    assert world.db.audit[-1].action == "user.deactivated"
    assert world.db.audit[-1].details == {"sessions_ended": 1, "tokens_revoked": 1}


async def test_role_rules_for_admins(world: World) -> None:
    admin = world.session_of(world.user(Role.ADMIN))
    other_admin = world.user(Role.ADMIN)
    plain = world.user()
    update = update_user(world)
    with pytest.raises(Forbidden):
        await update(admin, plain.id, UserChanges(role=Role.ADMIN), HERE)
    with pytest.raises(Forbidden):
        await update(admin, other_admin.id, UserChanges(is_active=False), HERE)
    with pytest.raises(Forbidden) as own:
        await update(admin, admin.id, UserChanges(role=Role.USER), HERE)
    assert own.value.code == "own_account"
    assert world.db.audit == []
    promoted = await update(admin, plain.id, UserChanges(role=Role.CONTRIBUTOR), HERE)
    assert promoted.role is Role.CONTRIBUTOR
    assert world.db.audit[-1].details == {"from": "user", "to": "contributor"}


async def test_the_audit_helper_records_actor_subject_and_client(world: World) -> None:
    actor = world.session_of(world.user(Role.ADMIN))
    async with world.uow as uow:
        await world.audit.record(
            "tool.published",
            actor=actor,
            subject_type="tool",
            subject_id="bildkollen",
            client=HERE,
            details={"version": 3},
        )
        await uow.commit()
    page = await ListAuditEvents(world.uow, FakeAuditLog(world.db))(
        actor, AuditFilter(subject_type="tool"), limit=10, offset=0
    )
    (event,) = page.items
    assert (event.actor_id, event.subject_id, event.ip) == (actor.id, "bildkollen", "10.0.0.7")
    assert event.details == {"version": 3}


def authenticate(world: World) -> Authenticate:
    policy = SignInSessionPolicy(
        idle_timeout=timedelta(hours=1),
        absolute_timeout=timedelta(hours=8),
        token_max_lifetime=TOKEN_DAYS,
    )
    return Authenticate(FakeCredentials(world.db), world.clock, policy, world.secrets.hash)


async def test_a_session_ends_after_an_idle_hour(world: World) -> None:
    user = world.user()
    secret = (await world.login()(user.email, PASSWORD, HERE)).session_secret
    world.clock.advance(50 * 60)
    assert (await authenticate(world).by_session(secret)).id == user.id  # and touched
    world.clock.advance(50 * 60)
    assert (await authenticate(world).by_session(secret)).id == user.id
    world.clock.advance(61 * 60)
    with pytest.raises(Unauthenticated):
        await authenticate(world).by_session(secret)
    assert world.db.sign_in_sessions == {}


async def test_a_session_ends_at_the_absolute_limit_however_busy(world: World) -> None:
    user = world.user()
    secret = (await world.login()(user.email, PASSWORD, HERE)).session_secret
    for _ in range(15):  # busy every half hour for seven and a half hours
        world.clock.advance(30 * 60)
        await authenticate(world).by_session(secret)
    world.clock.advance(31 * 60)
    with pytest.raises(Unauthenticated):
        await authenticate(world).by_session(secret)
