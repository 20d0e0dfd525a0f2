"""Invitations: an admin invites an address with a role; the link (valid seven days, used
once) lets the invitee choose a name and a password, and signs them in. Pending invitations
are listed and revocable; inviting an address again voids its older link.

Self-registration (off unless SKRIPTOTEKET_SIGNUP_DOMAINS names domains) is the same link sent
to an address of such a domain, with the role `user`: following it proves the mailbox, so
nobody signs in before their address is confirmed.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from skriptoteket.application.audit import Audit, ClientInfo
from skriptoteket.application.mail import queue_mail
from skriptoteket.domain.errors import Conflict, DomainError, Forbidden, InvalidInput, NotFound
from skriptoteket.domain.names import visible_name
from skriptoteket.domain.users import (
    Language,
    Principal,
    Role,
    User,
    may_assign,
    normalize_email,
    password_problem,
    require_email,
)
from skriptoteket.protocols.background_jobs import BackgroundJobs
from skriptoteket.protocols.clock import Clock
from skriptoteket.protocols.identity import (
    Invitation,
    InvitationRepository,
    PasswordHasher,
    SignInSessionRepository,
    UserRepository,
)
from skriptoteket.protocols.uow import UnitOfWork

from .account_mail import invitation_mail
from .login import SecretScheme, SignedIn, open_session
from .users import require_admin

INVITATION_LIFETIME = timedelta(days=7)
SIGNUP_LIFETIME = timedelta(days=1)
RESEND_AFTER = timedelta(minutes=1)
# The SPA's page that takes the token (`?token=`), asks for a name and a password.
INVITATION_PATH = "/inbjudan"


class InvalidInvitation(DomainError):
    code = "invalid_invitation"
    default_message = "Inbjudan är ogiltig, redan använd, återkallad eller för gammal. Be om en ny."


class SignupClosed(Forbidden):
    code = "signup_closed"


@dataclass(frozen=True, slots=True)
class InvitationSettings:
    base_url: str  # links in mails start with it
    signup_domains: frozenset[str]  # empty: no self-registration


@dataclass(frozen=True, slots=True)
class InvitationCreated:
    invitation: Invitation
    url: str  # the link, also mailed: shown to the admin once, stored only as a hash


def invitation_url(base_url: str, token: str) -> str:
    return f"{base_url.rstrip('/')}{INVITATION_PATH}?token={token}"


@dataclass(frozen=True, slots=True)
class _Issue:
    uow: UnitOfWork
    users: UserRepository
    invitations: InvitationRepository
    jobs: BackgroundJobs
    audit: Audit
    clock: Clock
    secrets: SecretScheme
    settings: InvitationSettings

    async def issue(
        self,
        email: str,
        role: Role,
        language: Language,
        inviter: Principal | None,
        lifetime: timedelta,
        client: ClientInfo,
    ) -> InvitationCreated | None:
        """Inside the caller's unit of work. None: the address has an account already."""
        now = self.clock.now()
        if await self.users.get_by_email(email) is not None:
            return None
        await self.invitations.revoke_for_email(email, now)
        token = self.secrets.new()
        invitation = Invitation(
            id=uuid.uuid4(),
            email=email,
            role=role,
            language=language,
            invited_by=inviter.id if inviter else None,
            created_at=now,
            expires_at=now + lifetime,
        )
        await self.invitations.add(invitation, self.secrets.hash(token))
        url = invitation_url(self.settings.base_url, token)
        await queue_mail(
            self.jobs,
            invitation_mail(
                email,
                language,
                inviter.user.display_name if inviter else None,
                url,
                lifetime.days,
            ),
        )
        await self.audit.record(
            "invitation.created",
            actor=inviter,
            subject_type="invitation",
            subject_id=invitation.id,
            client=client,
            details={"email": email, "role": role.value, "self": inviter is None},
        )
        return InvitationCreated(invitation, url)


class InviteUser(_Issue):
    async def __call__(
        self,
        actor: Principal,
        email: str,
        role: Role,
        language: Language,
        client: ClientInfo,
    ) -> InvitationCreated:
        require_admin(actor)
        if not may_assign(actor.role, role):
            raise Forbidden(f"Only a superuser may grant the {role.value} role.")
        async with self.uow:
            created = await self.issue(
                normalize_email(email), role, language, actor, INVITATION_LIFETIME, client
            )
            if created is None:
                raise Conflict("Det finns redan ett konto med den adressen.", code="email_taken")
            await self.uow.commit()
        return created


class SignUp(_Issue):
    """Self-registration: answers the same whether or not the address has an account."""

    async def __call__(self, email: str, language: Language, client: ClientInfo) -> None:
        require_email(email)
        email = normalize_email(email)
        if email.rpartition("@")[2] not in self.settings.signup_domains:
            raise SignupClosed(
                "Det går inte att skapa ett konto själv med den adressen. Be en administratör "
                "om en inbjudan."
            )
        async with self.uow:
            now = self.clock.now()
            if any(
                i.email == email and i.invited_by is None and i.created_at > now - RESEND_AFTER
                for i in await self.invitations.pending(now)
            ):
                return  # at most one confirmation mail a minute per address
            if await self.issue(email, Role.USER, language, None, SIGNUP_LIFETIME, client):
                await self.uow.commit()


@dataclass(frozen=True, slots=True)
class ListInvitations:
    uow: UnitOfWork
    invitations: InvitationRepository
    clock: Clock

    async def __call__(self, actor: Principal) -> list[Invitation]:
        require_admin(actor)
        async with self.uow:
            return await self.invitations.pending(self.clock.now())


@dataclass(frozen=True, slots=True)
class RevokeInvitation:
    uow: UnitOfWork
    invitations: InvitationRepository
    audit: Audit
    clock: Clock

    async def __call__(self, actor: Principal, invitation_id: UUID, client: ClientInfo) -> None:
        require_admin(actor)
        async with self.uow:
            revoked = await self.invitations.revoke(invitation_id, self.clock.now())
            if revoked is None:
                raise NotFound("Det finns ingen väntande inbjudan med det id:t.")
            await self.audit.record(
                "invitation.revoked",
                actor=actor,
                subject_type="invitation",
                subject_id=invitation_id,
                client=client,
                details={"email": revoked.email},
            )
            await self.uow.commit()


@dataclass(frozen=True, slots=True)
class AcceptInvitation:
    uow: UnitOfWork
    users: UserRepository
    invitations: InvitationRepository
    sessions: SignInSessionRepository
    hasher: PasswordHasher
    audit: Audit
    clock: Clock
    secrets: SecretScheme

    async def __call__(
        self, token: str, display_name: str, password: str, client: ClientInfo
    ) -> SignedIn:
        problem = password_problem(password, "password")
        if problem is not None:
            raise InvalidInput([problem])
        password_hash = await self.hasher.hash(password)
        now: datetime = self.clock.now()
        async with self.uow:
            invitation = await self.invitations.take(self.secrets.hash(token), now)
            if invitation is None:
                raise InvalidInvitation()
            user = User(
                id=uuid.uuid4(),
                email=invitation.email,
                display_name=visible_name(display_name),
                role=invitation.role,
                is_active=True,
                created_at=now,
                last_login_at=now,
                language=invitation.language,
            )
            try:
                await self.users.add(user, password_hash)
            except Conflict as exc:  # an account was made for the address meanwhile
                raise InvalidInvitation() from exc
            signed_in = await open_session(self.sessions, self.secrets, user, client, now)
            await self.audit.record(
                "user.created",
                actor=user.id,
                subject_type="user",
                subject_id=user.id,
                client=client,
                details={
                    "via": "invitation" if invitation.invited_by else "signup",
                    "invitation_id": str(invitation.id),
                    "role": user.role.value,
                },
            )
            await self.uow.commit()
        return signed_in
