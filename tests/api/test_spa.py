"""The built SPA is served by the API process, with history fallback outside /api/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from litestar.testing import TestClient

from skriptoteket.entrypoints.asgi import create_app
from skriptoteket.infrastructure.settings import Settings

INDEX = "<!doctype html><title>Skriptoteket</title><div id=app></div>"


@pytest.fixture
def spa_dir(tmp_path: Path) -> Path:
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text(INDEX, encoding="utf-8")
    (dist / "assets" / "index-3f9a1c.js").write_text("console.log(1)", encoding="utf-8")
    (dist / "robots.txt").write_text("User-agent: *", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("outside", encoding="utf-8")
    return dist


@pytest.fixture
def spa_client(db: str, spa_dir: Path) -> Iterator[TestClient]:  # type: ignore[type-arg]
    settings = Settings(database_url=db, log_json=False, spa_dir=spa_dir)
    with TestClient(app=create_app(settings)) as c:
        yield c


@pytest.mark.parametrize("path", ["/", "/verktyg", "/verktyg/betyg-per-klass", "/admin/logg"])
def test_every_app_path_gets_index_html_which_is_never_cached(
    spa_client: TestClient,  # type: ignore[type-arg]
    path: str,
) -> None:
    response = spa_client.get(path)
    assert response.status_code == 200
    assert response.text == INDEX
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["cache-control"] == "no-cache"


def test_hashed_assets_are_cached_forever(spa_client: TestClient) -> None:  # type: ignore[type-arg]
    response = spa_client.get("/assets/index-3f9a1c.js")
    assert response.status_code == 200
    assert response.text == "console.log(1)"
    assert "javascript" in response.headers["content-type"]
    assert response.headers["cache-control"] == "public, max-age=31536000, immutable"


def test_other_files_in_dist_are_served_with_a_short_cache(spa_client: TestClient) -> None:  # type: ignore[type-arg]
    response = spa_client.get("/robots.txt")
    assert response.status_code == 200
    assert response.headers["cache-control"] == "public, max-age=3600"


def test_a_missing_asset_falls_back_to_index_html(spa_client: TestClient) -> None:  # type: ignore[type-arg]
    assert spa_client.get("/assets/gone-123.js").text == INDEX


def test_paths_cannot_escape_the_dist_directory(spa_client: TestClient) -> None:  # type: ignore[type-arg]
    for path in ("/../secret.txt", "/%2e%2e/secret.txt", "/assets/..%2f..%2fsecret.txt"):
        response = spa_client.get(path)
        assert "outside" not in response.text, path


@pytest.mark.parametrize("path", ["/api/v1/no-such-thing", "/api/v2/tools", "/api"])
def test_unknown_api_paths_stay_problem_json_404(
    spa_client: TestClient,  # type: ignore[type-arg]
    path: str,
) -> None:
    response = spa_client.get(path)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["code"] == "not_found"


def test_unknown_api_paths_are_404_for_unsafe_methods_too(spa_client: TestClient) -> None:  # type: ignore[type-arg]
    response = spa_client.post("/api/v1/no-such-thing", json={})
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_writing_to_an_app_page_is_405(spa_client: TestClient) -> None:  # type: ignore[type-arg]
    response = spa_client.post("/verktyg", json={})
    assert response.status_code == 405
    assert response.headers["content-type"].startswith("application/problem+json")


def test_api_and_health_routes_still_win(spa_client: TestClient) -> None:  # type: ignore[type-arg]
    assert spa_client.get("/healthz").json() == {"status": "ok"}
    response = spa_client.get("/api/v1/auth/me")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_without_a_build_app_paths_say_how_to_build_it(db: str, tmp_path: Path) -> None:
    settings = Settings(database_url=db, log_json=False, spa_dir=tmp_path / "missing")
    with TestClient(app=create_app(settings)) as client:
        response = client.get("/verktyg")
    assert response.status_code == 404
    assert "npm run build" in response.json()["detail"]
