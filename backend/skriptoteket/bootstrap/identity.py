"""Identity: password hashing, user/session/token repositories, the audit log and handlers."""

from __future__ import annotations

from datetime import timedelta

import svcs
from sqlalchemy.ext.asyncio import AsyncSession

from skriptoteket.application.audit import Audit, ListAuditEvents
from skriptoteket.application.identity.account_self_service import (
    SetTemporaryPassword,
    UpdateProfile,
)
from skriptoteket.application.identity.authenticate import Authenticate, SignInSessionPolicy
from skriptoteket.application.identity.bootstrap_superuser import BootstrapSuperuser
from skriptoteket.application.identity.invitations import (
    AcceptInvitation,
    InvitationSettings,
    InviteUser,
    ListInvitations,
    RevokeInvitation,
    SignUp,
)
from skriptoteket.application.identity.login import Login, LoginPolicy, SecretScheme
from skriptoteket.application.identity.password_reset import (
    ConfirmPasswordReset,
    IssuePasswordReset,
    RequestPasswordReset,
)
from skriptoteket.application.identity.service_accounts import (
    CreateServiceAccount,
    ListServiceAccounts,
    ServiceAccountTokens,
)
from skriptoteket.application.identity.sign_in_sessions import ChangePassword, Logout
from skriptoteket.application.identity.tokens import CreateToken, ListTokens, RevokeToken
from skriptoteket.application.identity.users import (
    CreateUser,
    GetUser,
    ListUsers,
    UnlockAccount,
    UpdateUser,
)
from skriptoteket.bootstrap.wiring import register_by_constructor
from skriptoteket.infrastructure.db.audit import SqlAuditLog
from skriptoteket.infrastructure.db.credentials import ReadPoolCredentials
from skriptoteket.infrastructure.db.identity import (
    SqlInvitations,
    SqlKnownDevices,
    SqlLoginAttempts,
    SqlPasswordResets,
    SqlSignInSessionRepository,
    SqlTokenRepository,
    SqlUserRepository,
)
from skriptoteket.infrastructure.db.read_pool import ReadPool
from skriptoteket.infrastructure.db.token_uses import TokenUses
from skriptoteket.infrastructure.security.passwords import Argon2PasswordHasher
from skriptoteket.infrastructure.security.secrets import new_secret, secret_hash
from skriptoteket.infrastructure.settings import Settings
from skriptoteket.protocols.background_jobs import BackgroundJobs
from skriptoteket.protocols.clock import Clock
from skriptoteket.protocols.identity import (
    AuditLog,
    InvitationRepository,
    KnownDevices,
    LoginAttempts,
    PasswordHasher,
    PasswordResets,
    SignInSessionRepository,
    TokenRepository,
    UserRepository,
)
from skriptoteket.protocols.uow import UnitOfWork


def register_identity(registry: svcs.Registry, settings: Settings) -> None:
    register_security(registry)
    register_repositories(registry)
    register_handlers(registry, settings)


def register_security(registry: svcs.Registry) -> None:
    registry.register_value(PasswordHasher, Argon2PasswordHasher())


def register_repositories(registry: svcs.Registry) -> None:
    """Every repository of one container shares the container's AsyncSession (its UoW)."""

    async def session_of(c: svcs.Container) -> AsyncSession:
        return await c.aget(AsyncSession)

    async def users(c: svcs.Container) -> UserRepository:
        return SqlUserRepository(await session_of(c))

    async def auth_sessions(c: svcs.Container) -> SignInSessionRepository:
        return SqlSignInSessionRepository(await session_of(c))

    async def tokens(c: svcs.Container) -> TokenRepository:
        return SqlTokenRepository(await session_of(c), await c.aget(TokenUses))

    async def audit(c: svcs.Container) -> AuditLog:
        return SqlAuditLog(await session_of(c))

    registry.register_factory(UserRepository, users)
    registry.register_factory(SignInSessionRepository, auth_sessions)
    registry.register_factory(TokenRepository, tokens)

    async def login_attempts(c: svcs.Container) -> LoginAttempts:
        return SqlLoginAttempts(await session_of(c))

    async def known_devices(c: svcs.Container) -> KnownDevices:
        return SqlKnownDevices(await session_of(c))

    registry.register_factory(AuditLog, audit)
    registry.register_factory(LoginAttempts, login_attempts)
    registry.register_factory(KnownDevices, known_devices)

    async def password_resets(c: svcs.Container) -> PasswordResets:
        return SqlPasswordResets(await session_of(c))

    async def invitations(c: svcs.Container) -> InvitationRepository:
        return SqlInvitations(await session_of(c))

    registry.register_factory(InvitationRepository, invitations)

    registry.register_factory(PasswordResets, password_resets)


SECRETS = SecretScheme(new=new_secret, hash=secret_hash)


def register_handlers(registry: svcs.Registry, settings: Settings) -> None:
    policy = SignInSessionPolicy(
        idle_timeout=timedelta(seconds=settings.session_idle_timeout_s),
        absolute_timeout=timedelta(seconds=settings.session_absolute_timeout_s),
        token_max_lifetime=timedelta(days=settings.token_max_days),
    )
    login_policy = LoginPolicy(
        max_failures=settings.login_max_failures,
        max_delay=timedelta(seconds=settings.login_lockout_s),
        window=timedelta(seconds=settings.login_window_s),
    )

    async def authenticate(c: svcs.Container) -> Authenticate:
        (reads, uses), clock = await c.aget(ReadPool, TokenUses), await c.aget_abstract(Clock)
        return Authenticate(ReadPoolCredentials(reads, uses), clock, policy, secret_hash)

    async def bootstrap_superuser(c: svcs.Container) -> BootstrapSuperuser:
        uow, users, hasher, clock = await c.aget_abstract(
            UnitOfWork, UserRepository, PasswordHasher, Clock
        )
        return BootstrapSuperuser(uow, users, hasher, clock)

    async def audit(c: svcs.Container) -> Audit:
        log, clock = await c.aget_abstract(AuditLog, Clock)
        return Audit(log, clock)

    async def list_audit_events(c: svcs.Container) -> ListAuditEvents:
        uow, log = await c.aget_abstract(UnitOfWork, AuditLog)
        return ListAuditEvents(uow, log)

    async def login(c: svcs.Container) -> Login:
        uow, users, sessions, attempts, devices, hasher, clock = await c.aget_abstract(
            UnitOfWork,
            UserRepository,
            SignInSessionRepository,
            LoginAttempts,
            KnownDevices,
            PasswordHasher,
            Clock,
        )
        return Login(
            uow,
            users,
            sessions,
            attempts,
            devices,
            hasher,
            await c.aget(Audit),
            clock,
            login_policy,
            SECRETS,
        )

    async def logout(c: svcs.Container) -> Logout:
        uow, sessions = await c.aget_abstract(UnitOfWork, SignInSessionRepository)
        return Logout(uow, sessions, await c.aget(Audit))

    async def change_password(c: svcs.Container) -> ChangePassword:
        uow, users, sessions, tokens, hasher, clock = await c.aget_abstract(
            UnitOfWork,
            UserRepository,
            SignInSessionRepository,
            TokenRepository,
            PasswordHasher,
            Clock,
        )
        return ChangePassword(uow, users, sessions, tokens, hasher, await c.aget(Audit), clock)

    async def create_token(c: svcs.Container) -> CreateToken:
        uow, tokens, clock = await c.aget_abstract(UnitOfWork, TokenRepository, Clock)
        return CreateToken(
            uow, tokens, await c.aget(Audit), clock, SECRETS, policy.token_max_lifetime
        )

    async def list_tokens(c: svcs.Container) -> ListTokens:
        uow, tokens = await c.aget_abstract(UnitOfWork, TokenRepository)
        return ListTokens(uow, tokens)

    async def revoke_token(c: svcs.Container) -> RevokeToken:
        uow, tokens, clock = await c.aget_abstract(UnitOfWork, TokenRepository, Clock)
        return RevokeToken(uow, tokens, await c.aget(Audit), clock)

    async def create_user(c: svcs.Container) -> CreateUser:
        uow, users, hasher, clock = await c.aget_abstract(
            UnitOfWork, UserRepository, PasswordHasher, Clock
        )
        return CreateUser(uow, users, hasher, await c.aget(Audit), clock)

    async def list_users(c: svcs.Container) -> ListUsers:
        uow, users = await c.aget_abstract(UnitOfWork, UserRepository)
        return ListUsers(uow, users)

    async def get_user(c: svcs.Container) -> GetUser:
        uow, users = await c.aget_abstract(UnitOfWork, UserRepository)
        return GetUser(uow, users)

    async def update_user(c: svcs.Container) -> UpdateUser:
        uow, users, sessions, tokens, clock = await c.aget_abstract(
            UnitOfWork, UserRepository, SignInSessionRepository, TokenRepository, Clock
        )
        return UpdateUser(uow, users, sessions, tokens, await c.aget(Audit), clock)

    async def unlock_account(c: svcs.Container) -> UnlockAccount:
        uow, users, attempts = await c.aget_abstract(UnitOfWork, UserRepository, LoginAttempts)
        return UnlockAccount(uow, users, attempts, await c.aget(Audit))

    async def issue_password_reset(c: svcs.Container) -> IssuePasswordReset:
        uow, users, resets, clock = await c.aget_abstract(
            UnitOfWork, UserRepository, PasswordResets, Clock
        )
        return IssuePasswordReset(uow, users, resets, await c.aget(Audit), clock, SECRETS)

    async def confirm_password_reset(c: svcs.Container) -> ConfirmPasswordReset:
        uow, users, resets, sessions, tokens, attempts, hasher, clock = await c.aget_abstract(
            UnitOfWork,
            UserRepository,
            PasswordResets,
            SignInSessionRepository,
            TokenRepository,
            LoginAttempts,
            PasswordHasher,
            Clock,
        )
        return ConfirmPasswordReset(
            uow,
            users,
            resets,
            sessions,
            tokens,
            attempts,
            hasher,
            await c.aget(Audit),
            clock,
            SECRETS,
        )

    async def request_password_reset(c: svcs.Container) -> RequestPasswordReset:
        uow, users, resets, jobs, clock = await c.aget_abstract(
            UnitOfWork, UserRepository, PasswordResets, BackgroundJobs, Clock
        )
        return RequestPasswordReset(
            uow, users, resets, jobs, await c.aget(Audit), clock, SECRETS, settings.mail_base_url
        )

    registry.register_factory(RequestPasswordReset, request_password_reset)
    registry.register_value(SecretScheme, SECRETS)
    registry.register_value(
        InvitationSettings,
        InvitationSettings(
            base_url=settings.mail_base_url,
            signup_domains=frozenset(
                d.strip().lower().lstrip("@")
                for d in settings.signup_domains.split(",")
                if d.strip()
            ),
        ),
    )
    register_by_constructor(
        registry,
        UpdateProfile,
        SetTemporaryPassword,
        InviteUser,
        SignUp,
        ListInvitations,
        RevokeInvitation,
        AcceptInvitation,
    )
    registry.register_factory(IssuePasswordReset, issue_password_reset)
    registry.register_factory(ConfirmPasswordReset, confirm_password_reset)
    registry.register_factory(UnlockAccount, unlock_account)
    registry.register_factory(Authenticate, authenticate)
    registry.register_factory(BootstrapSuperuser, bootstrap_superuser)
    registry.register_factory(Audit, audit)
    registry.register_factory(ListAuditEvents, list_audit_events)
    registry.register_factory(Login, login)
    registry.register_factory(Logout, logout)
    registry.register_factory(ChangePassword, change_password)
    registry.register_factory(CreateToken, create_token)
    registry.register_factory(ListTokens, list_tokens)
    registry.register_factory(RevokeToken, revoke_token)
    registry.register_factory(CreateUser, create_user)
    registry.register_factory(ListUsers, list_users)
    registry.register_factory(GetUser, get_user)
    registry.register_factory(UpdateUser, update_user)
    register_by_constructor(
        registry, CreateServiceAccount, ListServiceAccounts, ServiceAccountTokens
    )
