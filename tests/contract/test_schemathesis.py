"""schemathesis against the live app: every operation, as every role and anonymously.

For each operation and caller, schemathesis generates requests from the app's own OpenAPI
document, both valid ones and ones that break the schema (negative data), and sends them
in-process to the running app (real PostgreSQL). Every answer must be no server error and
match the document: a documented status code, the documented content type, a body that fits
the documented schema, and invalid input must be refused.

Deterministic (Hypothesis derandomized, no example database) and bounded (few examples per
operation and caller). Path parameters are sometimes replaced by ids of objects seeded
below, so that requests reach past "not found" into the handlers.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from litestar.testing import TestClient
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.python.asgi import shutdown_lifespans
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from skriptoteket.entrypoints.asgi import create_app, render_openapi
from skriptoteket.infrastructure.settings import Settings
from tests.builders import TestSession, TestUser, make_session, make_user
from tests.catalog_builders import act_as, published_tool_via_api, save_version
from tests.conftest import ROLES, fast_hasher
from tests.database import truncate_all

# The document the app serves (openapi/openapi.json is checked to be the same).
SCHEMA = schemathesis.openapi.from_dict(
    json.loads(render_openapi()),
    config=schemathesis.Config.from_dict({"generation": {"with-security-parameters": False}}),
)
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]
CALLERS = ("anonymous", *ROLES)
# Examples per operation, mode and caller: bounded so the whole module stays within a couple
# of minutes on two busy cores. Most go to the superuser, whom no role check stops; the other
# roles mostly meet role checks (test_authz_matrix covers those in full). Schema-breaking
# (negative) data goes to the superuser, whose requests reach validation everywhere, and to a
# plain user; the other callers would only repeat what those two see.
EXAMPLES = {
    GenerationMode.POSITIVE: {
        "anonymous": 1,
        "user": 2,
        "contributor": 2,
        "admin": 2,
        "superuser": 5,
    },
    GenerationMode.NEGATIVE: {"user": 1, "superuser": 4},
}

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
    negative_data_rejection,
]

SLUG = "klasslista"


@dataclass(frozen=True)
class World:
    app: Any
    db: str
    users: dict[str, TestUser]
    known: dict[str, list[Any]]  # path parameter name -> values that name real objects


@pytest.fixture(scope="module")
def world(database_url: str) -> Iterator[World]:
    truncate_all(database_url)
    settings_ = Settings(database_url=database_url, log_json=False)
    users = {role: make_user(database_url, role=role) for role in ROLES}
    # Whom user routes may change (roles, deactivation) without locking a caller out.
    other = make_user(database_url, role="contributor")
    sessions = {role: make_session(database_url, user) for role, user in users.items()}
    with TestClient(app=create_app(settings_, configure=fast_hasher)) as client:
        # A published tool (version 1) with a draft version 2, a pending suggestion, a token.
        published_tool_via_api(client, sessions["contributor"], sessions["admin"], SLUG)
        act_as(client, sessions["contributor"])
        assert save_version(client, SLUG, 1).status_code == 201
        suggestion = client.post(
            "/api/v1/suggestions",
            json={"title": "Närvaro", "description": "Räknar frånvaro per vecka."},
        ).json()["id"]
        token = client.post("/api/v1/auth/tokens", json={"name": "ci"}).json()["id"]
    known = {
        "slug": [SLUG],
        "number": [1, 2],
        "user_id": [str(other.id)],
        "suggestion_id": [suggestion],
        "token_id": [token],
    }
    app = create_app(settings_, configure=fast_hasher)
    SCHEMA.app = app  # makes schemathesis send in-process (ASGI) rather than over the network
    try:
        yield World(app=app, db=database_url, users=users, known=known)
    finally:
        SCHEMA.app = None
        shutdown_lifespans()


# Operations that end the session they were sent with: these get a fresh session per request.
ENDS_SESSION = {"logout", "changePassword"}


def _credentials(world: World, caller: str) -> tuple[dict[str, str], dict[str, str]]:
    if caller == "anonymous":
        return {}, {}
    session: TestSession = make_session(world.db, world.users[caller])
    return {"X-CSRF-Token": session.csrf_token}, {"skriptoteket_session": session.cookie}


def _has_input(operation: Any) -> bool:
    """Whether there is anything to make invalid (negative data needs a parameter or a body)."""
    return bool(operation.definition.raw.get("parameters") or operation.body)


CASES = [
    pytest.param(op, mode, caller, id=f"{op.definition.raw['operationId']}-{mode.value}-{caller}")
    for op in OPERATIONS
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
    if mode is GenerationMode.POSITIVE or _has_input(op)
    for caller in CALLERS
    if caller in EXAMPLES[mode]
]


@pytest.mark.parametrize(("operation", "mode", "caller"), CASES)
def test_every_answer_matches_the_document(
    world: World, operation: Any, mode: GenerationMode, caller: str
) -> None:
    operation_id = operation.definition.raw["operationId"]
    credentials = _credentials(world, caller)

    @given(case=operation.as_strategy(generation_mode=mode), data=st.data())
    @settings(
        max_examples=EXAMPLES[mode][caller],
        derandomize=True,
        database=None,
        deadline=None,
        # Bounded also when it fails: the first failing request is reported as found.
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any, data: st.DataObject) -> None:
        if mode is GenerationMode.POSITIVE:
            for name in case.path_parameters or {}:
                if name in world.known and data.draw(st.booleans(), label=f"known {name}"):
                    case.path_parameters[name] = data.draw(st.sampled_from(world.known[name]))
        headers, cookies = (
            _credentials(world, caller) if operation_id in ENDS_SESSION else credentials
        )
        response = case.call(app=world.app, headers=headers, cookies=cookies)
        case.validate_response(response, checks=CHECKS)

    run()
