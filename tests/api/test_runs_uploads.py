"""POST /tools/{slug}/runs and the session routes at the HTTP level (no worker needed: runs stay
queued): uploads, names, limits, bad input, and who may do what."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
import pytest
from litestar.testing import TestClient

from tests.builders import TestSession
from tests.catalog_builders import act_as, create_tool

from .conftest import publish_tool

MANIFEST = {
    "contract": 1,
    "entrypoint": "main.py:run",
    "inputs": [
        {
            "name": "lista",
            "kind": "file",
            "label": "Lista",
            "accept": [".csv"],
            "max_bytes": 2000,
            "max_files": 2,
        },
        {"name": "bilaga", "kind": "file", "label": "Bilaga"},
        {"name": "klass", "kind": "string", "label": "Klass", "required": True},
    ],
}
MAIN = "def run(ctx):\n    return {}\n"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(200)


@pytest.fixture
def maintainer(runs_client: TestClient, as_role: Callable[..., TestSession]) -> TestSession:  # type: ignore[type-arg]
    maintainer = as_role("contributor")
    publish_tool(
        runs_client, maintainer, as_role("admin"), "uppladdning", MANIFEST, {"main.py": MAIN}
    )
    return maintainer


def post_run(client: TestClient, files: Any = None, data: Any = None, **kw: Any) -> Any:  # type: ignore[type-arg]
    return client.post("/api/v1/tools/uppladdning/runs", files=files, data=data, **kw)


def stored_files(data_dir: Path) -> list[Path]:
    root = data_dir / "files" / "sessions"
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def counts(db: str) -> tuple[int, int, int]:
    with psycopg.connect(db) as conn:
        row = conn.execute(
            "SELECT (SELECT count(*) FROM sessions), (SELECT count(*) FROM session_files), "
            "(SELECT count(*) FROM runs)"
        ).fetchone()
    assert row is not None
    return int(row[0]), int(row[1]), int(row[2])


@pytest.fixture
def nothing_kept(db: str, data_dir: Path) -> Callable[[], None]:
    before = set(stored_files(data_dir))

    def check() -> None:
        assert set(stored_files(data_dir)) == before
        assert counts(db) == (0, 0, 0)

    return check


def test_a_run_with_files_opens_a_session_with_safe_unique_names(
    runs_client: TestClient,  # type: ignore[type-arg]
    as_role: Callable[..., TestSession],
    maintainer: TestSession,
    data_dir: Path,
) -> None:
    as_role("user")
    response = post_run(
        runs_client,
        files=[
            ("lista", ("../../etc/passwd.csv", b"Namn\nAda\n", "text/csv")),
            ("bilaga", ("../../etc/passwd", b"root:x:0:0:root", "application/octet-stream")),
            ("bilaga", ("passwd", b"igen", "text/plain")),
        ],
        data={"inputs": '{"klass": " 7A "}'},
    )
    assert response.status_code == 202, response.text
    started = response.json()
    assert started["run"]["status"] == "queued"
    session = runs_client.get(f"/api/v1/sessions/{started['session_id']}").json()
    assert session["state_rev"] == 0 and session["pending_actions"] == []
    names = [(f["name"], f["bytes"]) for f in session["files"]]
    assert sorted(names) == [("passwd", 15), ("passwd (2)", 4), ("passwd.csv", 9)]
    # The bytes lie under opaque keys inside the store, nowhere near /etc.
    assert any(p.read_bytes() == b"root:x:0:0:root" for p in stored_files(data_dir))
    assert all("passwd" not in str(p) for p in stored_files(data_dir))

    # "Kör igen": the session keeps the first inputs and hands its files back to its owner only.
    assert session["inputs"] == {"klass": "7A"}
    lista = next(f for f in session["files"] if f["name"] == "passwd.csv")
    assert lista["field"] == "lista"
    again = runs_client.get(lista["download_url"])
    assert again.status_code == 200 and again.content == b"Namn\nAda\n"
    assert "attachment" in again.headers["content-disposition"]
    as_role("user")
    other = runs_client.get(lista["download_url"])
    assert other.status_code == 404 and other.json()["detail"]


def test_json_runs_take_inputs_validated_by_the_contract(
    runs_client: TestClient,  # type: ignore[type-arg]
    as_role: Callable[..., TestSession],
    maintainer: TestSession,
) -> None:
    as_role("user")
    ok = runs_client.post("/api/v1/tools/uppladdning/runs", json={"inputs": {"klass": "7A"}})
    assert ok.status_code == 202, ok.text
    missing = runs_client.post("/api/v1/tools/uppladdning/runs", json={"inputs": {}})
    assert missing.status_code == 422
    assert [(e["field"], e["code"]) for e in missing.json()["errors"]] == [("klass", "required")]
    not_object = runs_client.post("/api/v1/tools/uppladdning/runs", json={"inputs": [1, 2]})
    assert not_object.status_code == 422
    extra = runs_client.post("/api/v1/tools/uppladdning/runs", json={"inputs": {}, "x": 1})
    assert extra.status_code == 422
    broken = runs_client.post(
        "/api/v1/tools/uppladdning/runs",
        content=b"{not json",
        headers={"content-type": "application/json"},
    )
    assert broken.status_code == 400 and broken.json()["code"] == "malformed_body"


def test_a_file_over_its_limit_is_refused_and_nothing_is_kept(
    runs_client: TestClient,  # type: ignore[type-arg]
    as_role: Callable[..., TestSession],
    maintainer: TestSession,
    nothing_kept: Callable[[], None],
) -> None:
    as_role("user")
    response = post_run(
        runs_client,
        files=[
            ("bilaga", ("liten.txt", b"ok", "text/plain")),
            ("lista", ("stor.csv", b"Namn\n" + b"x" * 5000, "text/csv")),
        ],
        data={"inputs": '{"klass": "7A"}'},
    )
    assert response.status_code == 413
    assert response.json()["code"] == "file_too_large"
    nothing_kept()


@pytest.mark.parametrize(
    ("files", "data", "status", "code", "field"),
    [
        (
            [("lista", ("bild.csv", PNG, "text/csv"))],
            {"inputs": '{"klass": "7A"}'},
            422,
            "invalid_content",
            "lista",
        ),
        (
            [("lista", ("lista.txt", b"a", "text/plain"))],
            {"inputs": '{"klass": "7A"}'},
            422,
            "invalid_type",
            "lista",
        ),
        (
            [("klass", ("k.txt", b"7A", "text/plain"))],
            {"inputs": "{}"},
            422,
            "unknown_field",
            "klass",
        ),
        (
            [("okand", ("x.txt", b"x", "text/plain"))],
            {"inputs": "{}"},
            422,
            "unknown_field",
            "okand",
        ),
        (
            [("bilaga", ("a.txt", b"a", "text/plain"))],
            {"inputs": "[1, 2]"},
            422,
            "invalid_type",
            "$",
        ),
        ([("bilaga", ("a.txt", b"a", "text/plain"))], {"inputs": "{}"}, 422, "required", "klass"),
        (
            [("bilaga", ("a.txt", b"a", "text/plain"))],
            {"inputs": '{"klass": "7A", "farg": "röd"}'},
            422,
            "unknown_field",
            "farg",
        ),
        (
            [("lista", (f"{i}.csv", b"Namn\n", "text/csv")) for i in range(3)],
            {"inputs": '{"klass": "7A"}'},
            422,
            "too_long",
            "lista",
        ),
    ],
)
def test_bad_forms_are_refused_per_field_and_nothing_is_kept(
    runs_client: TestClient,  # type: ignore[type-arg]
    as_role: Callable[..., TestSession],
    maintainer: TestSession,
    nothing_kept: Callable[[], None],
    files: Any,
    data: Any,
    status: int,
    code: str,
    field: str,
) -> None:
    as_role("user")
    response = post_run(runs_client, files=files, data=data)
    assert response.status_code == status, response.text
    assert [(e["field"], e["code"]) for e in response.json()["errors"]][:1] == [(field, code)]
    nothing_kept()


@pytest.mark.parametrize(
    "inputs",
    ["{nej", "[" * 50_000 + "]" * 50_000, '{"klass": ' + "7" * 5000 + "}", "[" * 65 + "]" * 65],
    ids=["invalid", "50k levels", "5000 digits", "65 levels"],
)
def test_a_malformed_json_part_is_400_malformed_body_and_nothing_is_kept(
    runs_client: TestClient,  # type: ignore[type-arg]
    as_role: Callable[..., TestSession],
    maintainer: TestSession,
    nothing_kept: Callable[[], None],
    inputs: str,
) -> None:
    as_role("user")
    files = [("lista", ("lista.csv", b"Namn\n", "text/csv"))]
    response = post_run(runs_client, files=files, data={"inputs": inputs})
    assert response.status_code == 400, response.text
    assert response.json()["code"] == "malformed_body"
    nothing_kept()


def test_duplicate_parts_and_foreign_bodies_are_clear_4xx(
    runs_client: TestClient,  # type: ignore[type-arg]
    as_role: Callable[..., TestSession],
    maintainer: TestSession,
    nothing_kept: Callable[[], None],
) -> None:
    as_role("user")
    twice = post_run(runs_client, files=[("inputs", (None, "{}")), ("inputs", (None, "{}"))])
    assert twice.status_code == 422 and twice.json()["errors"][0]["code"] == "duplicate_part"
    plain = runs_client.post(
        "/api/v1/tools/uppladdning/runs",
        content=b"klass=7A",
        headers={"content-type": "text/plain"},
    )
    assert plain.status_code == 415
    no_boundary = runs_client.post(
        "/api/v1/tools/uppladdning/runs",
        content=b"--x--",
        headers={"content-type": "multipart/form-data"},
    )
    assert no_boundary.status_code == 400
    truncated = runs_client.post(
        "/api/v1/tools/uppladdning/runs",
        content=b'--b\r\nContent-Disposition: form-data; name="bilaga"; filename="a.txt"\r\n\r\nabc',
        headers={"content-type": "multipart/form-data; boundary=b"},
    )
    assert truncated.status_code == 400 and truncated.json()["code"] == "malformed_multipart"
    many = "".join(
        f'--b\r\nContent-Disposition: form-data; name="p{i}"\r\n\r\nx\r\n' for i in range(500)
    )
    huge = runs_client.post(
        "/api/v1/tools/uppladdning/runs",
        content=(many + "--b--\r\n").encode(),
        headers={"content-type": "multipart/form-data; boundary=b"},
    )
    assert huge.status_code in (413, 422)
    nothing_kept()


def test_who_may_run_a_tool_and_open_a_session(
    runs_client: TestClient,  # type: ignore[type-arg]
    as_role: Callable[..., TestSession],
    maintainer: TestSession,
) -> None:
    client = runs_client
    owner = as_role("user")
    started = client.post("/api/v1/tools/uppladdning/runs", json={"inputs": {"klass": "7A"}}).json()
    session_id, run_id = started["session_id"], started["run"]["id"]
    assert client.post("/api/v1/tools/saknas/runs", json={"inputs": {}}).status_code == 404
    # Nothing is pending before the first run succeeded.
    stale = client.post(
        f"/api/v1/sessions/{session_id}/actions",
        json={"action_id": "next", "input": {}, "expected_state_rev": 0},
    )
    assert stale.status_code == 409 and stale.json()["code"] == "stale_action"

    as_role("user")
    assert client.get(f"/api/v1/sessions/{session_id}").status_code == 404
    assert client.get(f"/api/v1/runs/{run_id}").status_code == 404
    foreign = client.post(
        f"/api/v1/sessions/{session_id}/actions",
        json={"action_id": "next", "input": {}, "expected_state_rev": 0},
    )
    assert foreign.status_code == 404

    # A draft tool: its maintainer is told to use the sandbox; others do not see it.
    act_as(client, maintainer)
    create_tool(client, "utkast")
    draft = client.post("/api/v1/tools/utkast/runs", json={"inputs": {}})
    assert draft.status_code == 409 and draft.json()["code"] == "not_published"
    act_as(client, owner)
    assert client.post("/api/v1/tools/utkast/runs", json={"inputs": {}}).status_code == 404
    assert client.get("/api/v1/tools/utkast/settings").status_code == 404


def test_admins_list_any_users_runs_and_others_may_not(
    runs_client: TestClient,  # type: ignore[type-arg]
    as_role: Callable[..., TestSession],
    maintainer: TestSession,
) -> None:
    client = runs_client
    owner = as_role("user")
    client.post("/api/v1/tools/uppladdning/runs", json={"inputs": {"klass": "7A"}})
    as_role("user")
    assert client.get("/api/v1/runs", params={"user_id": str(owner.user.id)}).status_code == 403
    as_role("admin")
    page = client.get("/api/v1/runs", params={"user_id": str(owner.user.id)}).json()
    assert page["total"] == 1 and page["items"][0]["status"] == "queued"
    assert client.get("/api/v1/runs", params={"status": "maybe"}).status_code == 422
