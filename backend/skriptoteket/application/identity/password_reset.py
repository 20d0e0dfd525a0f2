"""Password reset by a one-time link: issued to an admin (for a user) or on the command line
(for the first admin), used once within an hour.

The link's token is a random secret stored only as its hash. Using it sets the new password,
ends every sign-in session of the user, revokes their access tokens and forgets their failed
sign-ins, all in one transaction; a second use, an expired or an unknown token are the same
refusal. Issuing a new link voids the user's older ones. Both steps are audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from skriptoteket.application.audit import Audit, ClientInfo
from skriptoteket.application.mail import queue_mail
from skriptoteket.domain.errors import DomainError, InvalidInput, NotFound
from skriptoteket.domain.users import (
    Principal,
    normalize_email,
    password_problem,
    require_email,
)
from skriptoteket.protocols.background_jobs import BackgroundJobs
from skriptoteket.protocols.clock import Clock
from skriptoteket.protocols.identity import (
    LoginAttempts,
    PasswordHasher,
    PasswordResets,
    SignInSessionRepository,
    TokenRepository,
    UserRepository,
)
from skriptoteket.protocols.uow import UnitOfWork

from .account_mail import reset_mail
from .login import SecretScheme
from .users import require_admin

RESET_LIFETIME = timedelta(hours=1)
# Self-service sends at most one link a minute per account.
RESEND_AFTER = timedelta(minutes=1)
# The page of the SPA that takes the token (`?token=`) and asks for the new password.
RESET_PATH = "/aterstall-losenord"


class InvalidResetToken(DomainError):
    code = "invalid_reset_token"
    default_message = (
        "Länken för att återställa lösenordet är ogiltig, redan använd eller för gammal. "
        "Be om en ny."
    )


@dataclass(frozen=True, slots=True)
class ResetLink:
    token: str  # the secret: shown (or sent) once, stored only as its hash
    expires_at: datetime

    def url(self, base_url: str) -> str:
        return f"{base_url.rstrip('/')}{RESET_PATH}?token={self.token}"


class IssuePasswordReset:
    def __init__(
        self,
        uow: UnitOfWork,
        users: UserRepository,
        resets: PasswordResets,
        audit: Audit,
        clock: Clock,
        secrets: SecretScheme,
    ) -> None:
        self._uow = uow
        self._users = users
        self._resets = resets
        self._audit = audit
        self._clock = clock
        self._secrets = secrets

    async def for_user(self, actor: Principal, user_id: UUID, client: ClientInfo) -> ResetLink:
        """An admin's link for a user, to hand over."""
        require_admin(actor)
        return await self._issue(user_id=user_id, email=None, actor=actor, client=client)

    async def by_email(self, email: str) -> ResetLink:
        """The command line's link (whoever runs it can reach the database anyway)."""
        return await self._issue(user_id=None, email=email, actor=None, client=None)

    async def _issue(
        self,
        *,
        user_id: UUID | None,
        email: str | None,
        actor: Principal | None,
        client: ClientInfo | None,
    ) -> ResetLink:
        now = self._clock.now()
        async with self._uow:
            user = (
                await self._users.get(user_id)
                if user_id is not None
                else await self._users.get_by_email(normalize_email(email or ""))
            )
            if user is None or user.is_service:  # a service account has no password
                raise NotFound("Det finns ingen sådan användare.")
            link = ResetLink(token=self._secrets.new(), expires_at=now + RESET_LIFETIME)
            await self._resets.void_for_user(user.id, now)
            await self._resets.add(self._secrets.hash(link.token), user.id, now, link.expires_at)
            await self._audit.record(
                "password.reset_issued",
                actor=actor,
                subject_type="user",
                subject_id=user.id,
                client=client,
                details={"by": "admin" if actor else "cli"},
            )
            await self._uow.commit()
        return link


class RequestPasswordReset:
    """Self-service ("Glömt lösenordet?"): a link by e-mail, sent by a mail job. The caller
    learns nothing: an unknown or deactivated address, or a second request within a minute
    (no mail flood), does nothing and answers the same, without the mail server in the way."""

    def __init__(
        self,
        uow: UnitOfWork,
        users: UserRepository,
        resets: PasswordResets,
        jobs: BackgroundJobs,
        audit: Audit,
        clock: Clock,
        secrets: SecretScheme,
        base_url: str,
    ) -> None:
        self._uow = uow
        self._users = users
        self._resets = resets
        self._jobs = jobs
        self._audit = audit
        self._clock = clock
        self._secrets = secrets
        self._base_url = base_url

    async def __call__(self, email: str, client: ClientInfo) -> None:
        require_email(email)
        now = self._clock.now()
        async with self._uow:
            user = await self._users.get_by_email(normalize_email(email))
            if user is None or not user.is_active:
                return
            if await self._resets.issued_since(user.id, now - RESEND_AFTER):
                return
            link = ResetLink(token=self._secrets.new(), expires_at=now + RESET_LIFETIME)
            await self._resets.void_for_user(user.id, now)
            await self._resets.add(self._secrets.hash(link.token), user.id, now, link.expires_at)
            await queue_mail(
                self._jobs,
                reset_mail(user.email, user.language, user.display_name, link.url(self._base_url)),
            )
            await self._audit.record(
                "password.reset_issued",
                actor=None,
                subject_type="user",
                subject_id=user.id,
                client=client,
                details={"by": "mail"},
            )
            await self._uow.commit()


class ConfirmPasswordReset:
    def __init__(
        self,
        uow: UnitOfWork,
        users: UserRepository,
        resets: PasswordResets,
        sessions: SignInSessionRepository,
        tokens: TokenRepository,
        attempts: LoginAttempts,
        hasher: PasswordHasher,
        audit: Audit,
        clock: Clock,
        secrets: SecretScheme,
    ) -> None:
        self._uow = uow
        self._users = users
        self._resets = resets
        self._sessions = sessions
        self._tokens = tokens
        self._attempts = attempts
        self._hasher = hasher
        self._audit = audit
        self._clock = clock
        self._secrets = secrets

    async def __call__(self, token: str, new_password: str, client: ClientInfo) -> None:
        problem = password_problem(new_password, "new_password")
        if problem is not None:
            raise InvalidInput([problem])
        new_hash = await self._hasher.hash(new_password)
        now = self._clock.now()
        async with self._uow:
            user_id = await self._resets.use(self._secrets.hash(token), now)
            user = await self._users.get(user_id) if user_id is not None else None
            if user is None or not user.is_active:
                raise InvalidResetToken()
            await self._users.set_password_hash(user.id, new_hash)
            ended = await self._sessions.delete_for_user(user.id)
            revoked = await self._tokens.revoke_for_user(user.id, now)
            await self._attempts.clear(user.email)
            await self._audit.record(
                "password.reset",
                actor=user.id,
                subject_type="user",
                subject_id=user.id,
                client=client,
                details={"sessions_ended": ended, "tokens_revoked": revoked},
            )
            await self._uow.commit()
