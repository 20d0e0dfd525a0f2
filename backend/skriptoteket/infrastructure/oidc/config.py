"""SKRIPTOTEKET_OIDC_PROVIDERS: a JSON list of providers, checked when the app starts."""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

import msgspec

from skriptoteket.domain.oidc import OidcProvider
from skriptoteket.domain.users import Role
from skriptoteket.infrastructure.settings import SettingsError

_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,31}$")
# A claim can make contributors and admins; superusers are made by hand only.
_MAPPABLE = {Role.USER, Role.CONTRIBUTOR, Role.ADMIN}


class _ProviderJson(msgspec.Struct, forbid_unknown_fields=True):
    id: str
    name: str
    issuer: str
    client_id: str
    client_secret: str
    role_claim: str | None = None
    role_map: dict[str, str] = {}


def parse_providers(raw: str) -> list[OidcProvider]:
    """The providers of the setting's JSON (empty: none), or SettingsError saying what is wrong."""
    if not raw.strip():
        return []
    try:
        items = msgspec.json.decode(raw, type=list[_ProviderJson])
    except msgspec.DecodeError as exc:
        raise SettingsError(f"SKRIPTOTEKET_OIDC_PROVIDERS: {exc}") from exc
    providers = [_provider(item) for item in items]
    ids = [p.id for p in providers]
    if len(set(ids)) != len(ids):
        raise SettingsError("SKRIPTOTEKET_OIDC_PROVIDERS: two providers have the same id")
    return providers


def _provider(item: _ProviderJson) -> OidcProvider:
    where = f"SKRIPTOTEKET_OIDC_PROVIDERS[{item.id!r}]"
    if not _ID.match(item.id):
        raise SettingsError(f"{where}: the id must be 1-32 of a-z, 0-9, '-' and '_'")
    if not item.name.strip() or not item.client_id or not item.client_secret:
        raise SettingsError(f"{where}: name, client_id and client_secret must not be empty")
    check_issuer(item.issuer, where)
    roles: dict[str, Role] = {}
    for value, role_name in item.role_map.items():
        if role_name not in {r.value for r in _MAPPABLE}:
            raise SettingsError(f"{where}: role_map may map to user, contributor or admin")
        roles[value] = Role(role_name)
    if roles and not item.role_claim:
        raise SettingsError(f"{where}: role_map needs role_claim (the claim it reads)")
    return OidcProvider(
        id=item.id,
        name=item.name.strip(),
        issuer=item.issuer,
        client_id=item.client_id,
        client_secret=item.client_secret,
        role_claim=item.role_claim or None,
        role_map=roles,
    )


def check_issuer(issuer: str, where: str = "issuer") -> None:
    """https, or http only on a loopback address (a provider started by a test)."""
    parts = urlsplit(issuer)
    if not parts.hostname or parts.query or parts.fragment:
        raise SettingsError(f"{where}: the issuer must be a URL without query or fragment")
    if parts.scheme == "https":
        return
    if parts.scheme == "http" and is_loopback(parts.hostname):
        return
    raise SettingsError(f"{where}: the issuer must use https (http only on a loopback address)")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
