"""Request and response shapes of auth, accounts and the audit log."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal
from uuid import UUID

import msgspec

from skriptoteket.domain.users import PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, User
from skriptoteket.protocols.identity import AuditEvent, Invitation, StoredToken

from .base import ApiStruct

RoleName = Literal["user", "contributor", "admin", "superuser"]
LanguageName = Literal["sv", "en"]

# No control characters (NUL cannot even be stored) and no surrounding junk in names.
_PRINTABLE = r"^[^\x00-\x1f\x7f]*$"
_NO_NUL = r"^[^\x00]*$"

Email = Annotated[
    str,
    msgspec.Meta(
        min_length=3,
        max_length=320,
        pattern=r"^\s*[^@\s\x00-\x1f\x7f]+@[^@\s\x00-\x1f\x7f]+\s*$",
        description="An email address; compared case-insensitively.",
        examples=["larare@skola.se"],
    ),
]
NewPassword = Annotated[
    str,
    msgspec.Meta(
        min_length=PASSWORD_MIN_LENGTH,
        max_length=PASSWORD_MAX_LENGTH,
        pattern=_NO_NUL,
        description=f"{PASSWORD_MIN_LENGTH} to {PASSWORD_MAX_LENGTH} characters.",
    ),
]
# Any password is checked at login, but nothing longer than a new one could ever be right.
GivenPassword = Annotated[
    str, msgspec.Meta(min_length=1, max_length=PASSWORD_MAX_LENGTH, pattern=_NO_NUL)
]
DisplayName = Annotated[
    str,
    msgspec.Meta(
        min_length=1,
        max_length=200,
        pattern=r"^[^\x00-\x1f\x7f]*[^\s\x00-\x1f\x7f][^\x00-\x1f\x7f]*$",
    ),
]
# Times from clients carry their offset (RFC 3339); a bare local time is ambiguous.
AwareDatetime = Annotated[datetime, msgspec.Meta(tz=True)]
TokenName = Annotated[str, msgspec.Meta(min_length=1, max_length=100, pattern=_PRINTABLE)]
# What a token may be used for (domain/scopes.py); the OpenAPI document names the one each
# operation needs.
ScopeName = Literal["catalog:read", "runs:write", "runs:read", "authoring:write", "admin"]
Scopes = Annotated[
    list[ScopeName],
    msgspec.Meta(
        min_length=1,
        max_length=5,
        description="What the token may do; left out: only catalog:read (the least).",
    ),
]


class UserResponse(ApiStruct):
    id: UUID
    email: str
    display_name: str
    role: RoleName
    is_active: bool
    created_at: datetime
    last_login_at: datetime | None
    # The interface, e-mails and tools' locale use it.
    language: LanguageName
    # A temporary password from an admin: nothing but changing it is allowed until then.
    must_change_password: bool

    @classmethod
    def from_domain(cls, user: User) -> UserResponse:
        return cls(
            id=user.id,
            email=user.email,
            display_name=user.display_name,
            role=user.role.value,
            is_active=user.is_active,
            created_at=user.created_at,
            last_login_at=user.last_login_at,
            language=user.language,
            must_change_password=user.must_change_password,
        )


class MeResponse(ApiStruct):
    user: UserResponse
    csrf_token: str | None


class LoginRequest(ApiStruct):
    email: Email
    password: GivenPassword


class ChangePasswordRequest(ApiStruct):
    current_password: GivenPassword
    new_password: NewPassword
    # My personal access tokens are revoked with the old password unless this is true.
    keep_tokens: bool = False


class CreateTokenRequest(ApiStruct):
    name: TokenName
    expires_at: AwareDatetime | None = None
    scopes: Scopes | None = None


class TokenResponse(ApiStruct):
    """An access token as listed: never the secret, only its first characters."""

    id: UUID
    name: str
    prefix: str
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked_at: datetime | None
    scopes: list[ScopeName]
    request_count: int  # requests made with it

    @classmethod
    def from_stored(cls, token: StoredToken) -> TokenResponse:
        return cls(
            id=token.id,
            name=token.name,
            prefix=token.prefix,
            created_at=token.created_at,
            expires_at=token.expires_at,
            last_used_at=token.last_used_at,
            revoked_at=token.revoked_at,
            scopes=sorted(token.scopes),  # type: ignore[arg-type]
            request_count=token.request_count,
        )


class TokenCreatedResponse(ApiStruct):
    """`token` is the secret: shown this once, stored only as a hash."""

    id: UUID
    name: str
    token: str
    prefix: str
    expires_at: datetime | None
    created_at: datetime
    scopes: list[ScopeName]

    @classmethod
    def from_created(cls, token: StoredToken, secret: str) -> TokenCreatedResponse:
        return cls(
            id=token.id,
            name=token.name,
            token=secret,
            prefix=token.prefix,
            expires_at=token.expires_at,
            created_at=token.created_at,
            scopes=sorted(token.scopes),  # type: ignore[arg-type]
        )


class CreateUserRequest(ApiStruct):
    email: Email
    display_name: DisplayName
    password: NewPassword
    role: RoleName = "user"


class UpdateUserRequest(ApiStruct):
    """Only the fields sent are changed."""

    role: RoleName | msgspec.UnsetType = msgspec.UNSET
    is_active: bool | msgspec.UnsetType = msgspec.UNSET
    display_name: DisplayName | msgspec.UnsetType = msgspec.UNSET


class UserPageResponse(ApiStruct):
    items: list[UserResponse]
    total: int
    limit: int
    offset: int


class AuditEventResponse(ApiStruct):
    id: UUID
    at: datetime
    action: str
    actor_id: UUID | None
    subject_type: str | None
    subject_id: str | None
    ip: str | None
    user_agent: str | None
    details: dict[str, Any]
    actor_name: str | None = None

    @classmethod
    def from_domain(cls, event: AuditEvent) -> AuditEventResponse:
        return cls(
            id=event.id,
            at=event.at,
            action=event.action,
            actor_id=event.actor_id,
            subject_type=event.subject_type,
            subject_id=event.subject_id,
            ip=event.ip,
            user_agent=event.user_agent,
            details=event.details,
            actor_name=event.actor_name,
        )


class AuditEventPageResponse(ApiStruct):
    items: list[AuditEventResponse]
    total: int
    limit: int
    offset: int


# What new_secret() makes: URL-safe base64 of 32 bytes; anything else cannot be a token.
ResetToken = Annotated[
    str, msgspec.Meta(min_length=20, max_length=100, pattern=r"^[A-Za-z0-9_-]+$")
]


class ConfirmPasswordResetRequest(ApiStruct):
    token: ResetToken
    new_password: NewPassword


class PasswordResetLinkResponse(ApiStruct):
    """A one-time link to hand to the user: it sets a new password once, within the hour."""

    url: str
    expires_at: datetime


# Public forms' addresses are checked by the use case (domain.users.email_problem), which
# answers in Swedish whatever was sent; the cap here only bounds the work.
FormEmail = Annotated[str, msgspec.Meta(max_length=100_000, examples=["larare@skola.se"])]


class PasswordResetRequest(ApiStruct):
    email: FormEmail


class UpdateProfileRequest(ApiStruct):
    """Only the fields sent are changed."""

    display_name: DisplayName | msgspec.UnsetType = msgspec.UNSET
    language: LanguageName | msgspec.UnsetType = msgspec.UNSET


class TemporaryPasswordResponse(ApiStruct):
    """Shown this once: the user must choose their own password at the next sign-in."""

    password: str


class InviteRequest(ApiStruct):
    email: Email
    role: RoleName = "user"
    # The language of the mail and of the new account.
    language: LanguageName = "sv"


class InvitationResponse(ApiStruct):
    id: UUID
    email: str
    role: RoleName
    language: LanguageName
    invited_by: UUID | None
    created_at: datetime
    expires_at: datetime

    @classmethod
    def from_domain(cls, invitation: Invitation) -> InvitationResponse:
        return cls(
            id=invitation.id,
            email=invitation.email,
            role=invitation.role.value,
            language=invitation.language,
            invited_by=invitation.invited_by,
            created_at=invitation.created_at,
            expires_at=invitation.expires_at,
        )


class InvitationCreatedResponse(ApiStruct):
    """`url` is the one-time link (also mailed), shown to the admin this once."""

    invitation: InvitationResponse
    url: str


class AcceptInvitationRequest(ApiStruct):
    token: ResetToken
    display_name: DisplayName
    password: NewPassword


class SignupRequest(ApiStruct):
    email: FormEmail
    language: LanguageName = "sv"


class SignupInfoResponse(ApiStruct):
    """Who may create an account themselves: addresses at these domains (none: nobody)."""

    domains: list[str]
