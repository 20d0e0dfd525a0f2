"""Single sign-on with OpenID Connect (Authorization Code + PKCE, state and nonce).

Start: a pending sign-in (state, nonce, PKCE verifier, redirect URI) is stored server-side,
tied to the browser by the hash of a cookie secret, and the browser is sent to the provider.
Callback: the pending sign-in is taken (so a state works once), the code is redeemed and the
ID token checked (OidcClient), then the user with that verified e-mail is signed in, or
created with the role the provider's claims map to. The result is the same server-side
session (cookie + CSRF token) a password sign-in makes. Every outcome is audited.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from skriptoteket.application.audit import Audit, ClientInfo
from skriptoteket.application.identity.login import SecretScheme, SignedIn, open_session
from skriptoteket.domain.oidc import OidcProvider, SsoFailure, SsoSignInFailed, email_domain
from skriptoteket.domain.users import User, normalize_email
from skriptoteket.protocols.clock import Clock
from skriptoteket.protocols.identity import (
    PasswordHasher,
    SignInSessionRepository,
    UserRepository,
)
from skriptoteket.protocols.oidc import (
    AuthorizationRequest,
    OidcClient,
    PendingSignIn,
    PendingSignIns,
    SsoDomains,
    VerifiedIdentity,
)
from skriptoteket.protocols.uow import UnitOfWork

# Long enough to type a password and approve at the provider; short enough to be useless later.
PENDING_LIFETIME = timedelta(minutes=10)


class OidcProviders:
    """The providers configured in SKRIPTOTEKET_OIDC_PROVIDERS, in their configured order."""

    def __init__(self, providers: Sequence[OidcProvider]) -> None:
        self._by_id = {p.id: p for p in providers}

    def all(self) -> list[OidcProvider]:
        return list(self._by_id.values())

    def get(self, provider_id: str) -> OidcProvider:
        provider = self._by_id.get(provider_id)
        if provider is None:
            raise SsoSignInFailed(SsoFailure.UNKNOWN_PROVIDER, "No such sign-in provider.")
        return provider


def safe_next(path: str | None) -> str:
    """Where to go after signing in: a path of this site, never another site."""
    if not path or not path.startswith("/") or path.startswith("//") or "\\" in path:
        return "/"
    return path[:512]


@dataclass(frozen=True, slots=True)
class SsoStart:
    url: str  # the provider's authorization endpoint with this sign-in's parameters
    browser_secret: str  # the cookie that ties the callback to this browser


class StartSsoSignIn:
    def __init__(
        self,
        uow: UnitOfWork,
        providers: OidcProviders,
        pending: PendingSignIns,
        client: OidcClient,
        clock: Clock,
        secrets: SecretScheme,
    ) -> None:
        self._uow = uow
        self._providers = providers
        self._pending = pending
        self._client = client
        self._clock = clock
        self._secrets = secrets

    async def __call__(
        self, provider_id: str, redirect_uri: str, next_path: str | None, browser_secret: str | None
    ) -> SsoStart:
        provider = self._providers.get(provider_id)
        # One browser keeps its secret across sign-ins, so two tabs can sign in at once.
        browser_secret = browser_secret or self._secrets.new()
        request = AuthorizationRequest(
            state=self._secrets.new(),
            nonce=self._secrets.new(),
            code_verifier=self._secrets.new() + self._secrets.new(),  # 43-128 characters
            redirect_uri=redirect_uri,
        )
        url = await self._client.authorization_url(provider, request)
        now = self._clock.now()
        async with self._uow:
            await self._pending.prune(now)
            await self._pending.add(
                PendingSignIn(
                    provider_id=provider.id,
                    request=request,
                    browser_hash=self._secrets.hash(browser_secret),
                    next_path=safe_next(next_path),
                    expires_at=now + PENDING_LIFETIME,
                )
            )
            await self._uow.commit()
        return SsoStart(url=url, browser_secret=browser_secret)


@dataclass(frozen=True, slots=True)
class SsoCallback:
    """What the provider sent back to the redirect URI (query parameters) and the browser's
    cookie secret."""

    provider_id: str
    state: str | None
    code: str | None
    error: str | None
    browser_secret: str | None
    issuer: str | None = None  # RFC 9207: who answered, when the provider says so


@dataclass(frozen=True, slots=True)
class SsoSignedIn:
    signed_in: SignedIn
    next_path: str
    created: bool  # the account was made at this sign-in


class FinishSsoSignIn:
    def __init__(
        self,
        uow: UnitOfWork,
        providers: OidcProviders,
        pending: PendingSignIns,
        client: OidcClient,
        users: UserRepository,
        sessions: SignInSessionRepository,
        domains: SsoDomains,
        hasher: PasswordHasher,
        audit: Audit,
        clock: Clock,
        secrets: SecretScheme,
    ) -> None:
        self._uow = uow
        self._providers = providers
        self._pending = pending
        self._client = client
        self._users = users
        self._sessions = sessions
        self._domains = domains
        self._hasher = hasher
        self._audit = audit
        self._clock = clock
        self._secrets = secrets

    async def __call__(self, callback: SsoCallback, client: ClientInfo) -> SsoSignedIn:
        try:
            return await self._finish(callback, client)
        except SsoSignInFailed as failure:
            async with self._uow:
                await self._audit.record(
                    "login.failed",
                    actor=None,
                    client=client,
                    details={
                        "method": "oidc",
                        "provider": callback.provider_id[:64],
                        "reason": failure.code,
                    },
                )
                await self._uow.commit()
            raise

    async def _finish(self, callback: SsoCallback, client: ClientInfo) -> SsoSignedIn:
        provider = self._providers.get(callback.provider_id)
        pending = await self._take(callback)
        if callback.issuer is not None and callback.issuer != provider.issuer:
            # Another provider's answer sent to this provider's callback (a mix-up).
            raise SsoSignInFailed(SsoFailure.PROVIDER_REFUSED, "The answer came from elsewhere.")
        if callback.error or not callback.code:
            raise SsoSignInFailed(SsoFailure.PROVIDER_REFUSED, "The provider did not sign you in.")
        identity = await self._client.verified_identity(provider, pending.request, callback.code)
        if not identity.email or not identity.email_verified:
            raise SsoSignInFailed(
                SsoFailure.EMAIL_UNVERIFIED, "The provider did not vouch for an e-mail address."
            )
        email = normalize_email(identity.email)
        now = self._clock.now()
        async with self._uow:
            domain = await self._domains.get(email_domain(email))
            if domain is not None and domain.provider_id != provider.id:
                raise SsoSignInFailed(
                    SsoFailure.OTHER_PROVIDER, "Accounts of this domain sign in another way."
                )
            user = await self._users.get_by_email(email)
            created = user is None
            if user is None:
                user = await self._create(provider, identity, email, now, client)
            if not user.is_active:
                raise SsoSignInFailed(SsoFailure.ACCOUNT_DISABLED, "This account is deactivated.")
            user = await self._users.update(user.id, last_login_at=now)
            signed_in = await open_session(self._sessions, self._secrets, user, client, now)
            await self._audit.record(
                "login.succeeded",
                actor=user.id,
                subject_type="user",
                subject_id=user.id,
                client=client,
                details={"method": "oidc", "provider": provider.id, "subject": identity.subject},
            )
            await self._uow.commit()
        return SsoSignedIn(signed_in=signed_in, next_path=pending.next_path, created=created)

    async def _take(self, callback: SsoCallback) -> PendingSignIn:
        """The pending sign-in of this state, removed at once (committed) so no second
        callback can use it, whatever happens next."""
        pending = None
        if callback.state:
            async with self._uow:
                pending = await self._pending.take(callback.state)
                await self._uow.commit()
        ours = (
            pending is not None
            and pending.provider_id == callback.provider_id
            and pending.expires_at > self._clock.now()
            and callback.browser_secret is not None
            and self._secrets.hash(callback.browser_secret) == pending.browser_hash
        )
        if pending is None or not ours:
            raise SsoSignInFailed(
                SsoFailure.INVALID_STATE,
                "This sign-in was not started in this browser, was already used or has expired.",
            )
        return pending

    async def _create(
        self,
        provider: OidcProvider,
        identity: VerifiedIdentity,
        email: str,
        now: datetime,
        client: ClientInfo,
    ) -> User:
        user = User(
            id=uuid.uuid4(),
            email=email,
            display_name=(identity.name or email.partition("@")[0]).strip()[:200],
            role=provider.role_for(identity.claims),
            is_active=True,
            created_at=now,
        )
        # No password anyone knows: the account signs in with the provider (or after a reset).
        await self._users.add(user, await self._hasher.hash(self._secrets.new()))
        await self._audit.record(
            "user.created",
            actor=None,
            subject_type="user",
            subject_id=user.id,
            client=client,
            details={"email": email, "role": user.role.value, "via": f"oidc:{provider.id}"},
        )
        return user
