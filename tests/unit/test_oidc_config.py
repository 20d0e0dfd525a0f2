"""SKRIPTOTEKET_OIDC_PROVIDERS is checked at start-up, and a provider's claims map to a role."""

from __future__ import annotations

import json
from typing import Any

import pytest

from skriptoteket.domain.users import Role
from skriptoteket.infrastructure.oidc.config import parse_providers
from skriptoteket.infrastructure.settings import SettingsError

GOOD = {
    "id": "skola",
    "name": "Skolkontot",
    "issuer": "https://login.example.se/realms/skola",
    "client_id": "skriptoteket",
    "client_secret": "hemligt",
    "role_claim": "groups",
    "role_map": {"larare-programmering": "contributor", "it-admin": "admin"},
}


def provider(**changes: Any) -> str:
    return json.dumps([GOOD | changes])


def test_an_empty_setting_means_no_providers() -> None:
    assert parse_providers("") == []
    assert parse_providers("  ") == []


def test_a_good_provider_is_read() -> None:
    (skola,) = parse_providers(provider())
    assert (skola.id, skola.name, skola.issuer) == ("skola", "Skolkontot", GOOD["issuer"])
    assert skola.role_map == {"larare-programmering": Role.CONTRIBUTOR, "it-admin": Role.ADMIN}
    assert "hemligt" not in repr(skola)


@pytest.mark.parametrize(
    "issuer",
    ["http://127.0.0.1:8080", "http://localhost:9000/realms/x", "http://[::1]:1234"],
)
def test_http_issuers_are_accepted_on_loopback(issuer: str) -> None:
    assert parse_providers(provider(issuer=issuer))[0].issuer == issuer


@pytest.mark.parametrize(
    ("changes", "says"),
    [
        ({"issuer": "http://login.example.se"}, "https"),
        ({"issuer": "http://10.0.0.5"}, "https"),
        ({"issuer": "https://login.example.se?x=1"}, "query"),
        ({"issuer": "ftp://login.example.se"}, "https"),
        ({"id": "Skola Konto"}, "id"),
        ({"client_secret": ""}, "client_secret"),
        ({"role_map": {"x": "superuser"}}, "role_map"),
        ({"role_claim": None}, "role_claim"),
        ({"tenant": "extra"}, "tenant"),
    ],
)
def test_a_bad_provider_stops_the_start_saying_why(changes: dict[str, Any], says: str) -> None:
    with pytest.raises(SettingsError, match=says):
        parse_providers(provider(**changes))


def test_ids_are_unique_and_the_json_must_be_a_list() -> None:
    with pytest.raises(SettingsError, match="same id"):
        parse_providers(json.dumps([GOOD, GOOD]))
    with pytest.raises(SettingsError, match="OIDC_PROVIDERS"):
        parse_providers(json.dumps(GOOD))


@pytest.mark.parametrize(
    ("claims", "role"),
    [
        ({"groups": ["personal", "larare-programmering"]}, Role.CONTRIBUTOR),
        ({"groups": ["larare-programmering", "it-admin"]}, Role.ADMIN),
        ({"groups": "it-admin"}, Role.ADMIN),
        ({"groups": ["personal"]}, Role.USER),
        ({"groups": 7}, Role.USER),
        ({}, Role.USER),
    ],
)
def test_the_highest_mapped_role_wins_else_user(claims: dict[str, Any], role: Role) -> None:
    (skola,) = parse_providers(provider())
    assert skola.role_for(claims) is role
