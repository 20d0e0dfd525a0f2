"""E-mail domains that must sign in with single sign-on: an admin binds a domain to one
provider; password sign-in is then refused for its e-mails, and other providers too."""

from __future__ import annotations

import re

from skriptoteket.application.audit import Audit, ClientInfo
from skriptoteket.application.identity.oidc import OidcProviders
from skriptoteket.application.identity.users import require_admin
from skriptoteket.domain.errors import FieldError, Forbidden, InvalidInput, NotFound
from skriptoteket.domain.oidc import email_domain
from skriptoteket.domain.users import Principal, normalize_email
from skriptoteket.protocols.clock import Clock
from skriptoteket.protocols.oidc import SsoDomain, SsoDomains
from skriptoteket.protocols.uow import UnitOfWork

# Letters, digits and hyphens in dot-separated labels, at least two labels.
_DOMAIN = re.compile(r"^(?=.{3,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$")


def normalize_domain(domain: str) -> str:
    cleaned = domain.strip().lower().removeprefix("@")
    if not _DOMAIN.match(cleaned):
        raise InvalidInput(
            [FieldError("domain", "invalid_domain", "Give a domain such as skola.example.se.")]
        )
    return cleaned


class ListSsoDomains:
    def __init__(self, uow: UnitOfWork, domains: SsoDomains) -> None:
        self._uow = uow
        self._domains = domains

    async def __call__(self, actor: Principal) -> list[SsoDomain]:
        require_admin(actor)
        async with self._uow:
            return await self._domains.list()


class RequireSso:
    """Bind a domain to a provider (or move it to another)."""

    def __init__(
        self,
        uow: UnitOfWork,
        domains: SsoDomains,
        providers: OidcProviders,
        audit: Audit,
        clock: Clock,
    ) -> None:
        self._uow = uow
        self._domains = domains
        self._providers = providers
        self._audit = audit
        self._clock = clock

    async def __call__(
        self, actor: Principal, domain: str, provider_id: str, client: ClientInfo
    ) -> SsoDomain:
        require_admin(actor)
        domain = normalize_domain(domain)
        if provider_id not in {p.id for p in self._providers.all()}:
            raise InvalidInput(
                [FieldError("provider_id", "unknown_provider", "No such sign-in provider.")]
            )
        bound = SsoDomain(domain=domain, provider_id=provider_id, created_at=self._clock.now())
        async with self._uow:
            await self._domains.put(bound)
            await self._audit.record(
                "sso_domain.required",
                actor=actor,
                subject_type="sso_domain",
                subject_id=domain,
                client=client,
                details={"provider": provider_id},
            )
            await self._uow.commit()
        return bound


class StopRequiringSso:
    def __init__(self, uow: UnitOfWork, domains: SsoDomains, audit: Audit) -> None:
        self._uow = uow
        self._domains = domains
        self._audit = audit

    async def __call__(self, actor: Principal, domain: str, client: ClientInfo) -> None:
        require_admin(actor)
        domain = normalize_domain(domain)
        async with self._uow:
            if not await self._domains.delete(domain):
                raise NotFound("This domain does not require single sign-on.")
            await self._audit.record(
                "sso_domain.released",
                actor=actor,
                subject_type="sso_domain",
                subject_id=domain,
                client=client,
            )
            await self._uow.commit()


class PasswordSignInAllowed:
    """The check before a password sign-in: refused (403 sso_required) for an e-mail whose
    domain must use single sign-on. It tells only about the domain, never the account."""

    def __init__(self, uow: UnitOfWork, domains: SsoDomains) -> None:
        self._uow = uow
        self._domains = domains

    async def __call__(self, email: str) -> None:
        async with self._uow:
            bound = await self._domains.get(email_domain(normalize_email(email)))
        if bound is not None:
            raise Forbidden(
                f"Accounts of this domain sign in with single sign-on ({bound.provider_id}).",
                code="sso_required",
            )
