"""A version's examples: seeded from the script bank with their files byte for byte, read
through GET /tools/{slug}/examples, kept by the next version, replaced when a save sends them."""

from __future__ import annotations

import base64
from collections.abc import Callable

from litestar.testing import TestClient

from skriptoteket.infrastructure.script_bank import DEFAULT_BANK
from skriptoteket.infrastructure.settings import Settings
from tests.builders import TestSession
from tests.integration.test_seed_script_bank import seed


def test_examples_are_seeded_read_kept_and_replaced(
    settings: Settings,
    client: TestClient,  # type: ignore[type-arg]
    signed_in: Callable[..., TestSession],
) -> None:
    seed(settings)
    signed_in("user")
    listing = client.get("/api/v1/tools/betygsstatistik/examples").json()
    assert listing["version"] == 1
    cases = {e["case"]: e for e in listing["items"]}
    folder = DEFAULT_BANK / "betygsstatistik" / "examples"
    assert sorted(cases) == sorted(p.name for p in folder.iterdir() if p.is_dir())
    wide = cases["excel-brett"]
    assert wide["inputs"]["betyg"] == "betyg.xlsx"
    assert wide["expected"]["status"] == "succeeded"
    [xlsx] = wide["files"]
    download = client.get(xlsx["download_url"])
    assert download.status_code == 200, download.text
    assert download.content == (folder / "excel-brett" / "betyg.xlsx").read_bytes()
    assert download.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in download.headers["content-disposition"]

    multi = client.get("/api/v1/tools/gruppgenerator/examples").json()["items"]
    assert any(e["actions"] for e in multi), "actions.json travels with its case"

    # Others see the active version's only; no such file is a 404 in words.
    assert client.get("/api/v1/tools/betygsstatistik/examples?version=2").status_code == 404
    missing = client.get("/api/v1/tools/betygsstatistik/examples/excel-brett/files/nej.csv")
    assert missing.status_code == 404 and missing.json()["detail"]

    signed_in("admin")
    version = client.get("/api/v1/tools/betygsstatistik/versions/1").json()
    body = {"base_version": 1, "manifest": version["manifest"], "files": version["files"]}
    saved = client.post("/api/v1/tools/betygsstatistik/versions", json=body)
    assert saved.status_code == 201, saved.text
    kept = client.get("/api/v1/tools/betygsstatistik/examples?version=2").json()
    assert [e["case"] for e in kept["items"]] == sorted(cases)
    assert client.get(kept["items"][1]["files"][0]["download_url"]).status_code == 200

    one = {
        "case": "liten",
        "inputs": {"betyg": "b.csv"},
        "files": {"b.csv": base64.b64encode("Klass;Ämne;Betyg\n9A;Ma;A\n".encode()).decode()},
        "expected": {"status": "succeeded", "artifacts": ["betygsstatistik.xlsx"]},
    }
    replaced = client.post(
        "/api/v1/tools/betygsstatistik/versions",
        json={**body, "base_version": 2, "examples": [one]},
    )
    assert replaced.status_code == 201, replaced.text
    assert replaced.json()["content_hash"] != saved.json()["content_hash"]
    three = client.get("/api/v1/tools/betygsstatistik/examples?version=3").json()["items"]
    assert [e["case"] for e in three] == ["liten"]
    got = client.get(three[0]["files"][0]["download_url"])
    assert got.content.decode() == "Klass;Ämne;Betyg\n9A;Ma;A\n"

    bad = client.post(
        "/api/v1/tools/betygsstatistik/versions",
        json={**body, "base_version": 3, "examples": [{**one, "inputs": {"betyg": "x.csv"}}]},
    )
    assert bad.status_code == 422, bad.text
    assert bad.json()["errors"][0]["field"] == "$.examples[0].inputs.betyg"
