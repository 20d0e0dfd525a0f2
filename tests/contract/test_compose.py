"""compose.yaml describes a sound production-like stack and holds no secrets."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

COMPOSE = Path(__file__).resolve().parents[2] / "compose.yaml"


def load() -> dict[str, Any]:
    document = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    assert isinstance(document, dict)
    return document


def services() -> dict[str, Any]:
    found = load()["services"]
    assert isinstance(found, dict)
    return found


def test_the_stack_has_database_migration_api_worker_and_runner_image() -> None:
    assert {"postgres", "migrate", "api", "worker", "runner-image"} <= set(services())


def test_long_running_services_have_health_checks_and_restart_policies() -> None:
    for name in ("postgres", "api", "worker"):
        service = services()[name]
        assert service["healthcheck"]["test"], name
        assert service["restart"] in ("unless-stopped", "always"), name


def test_start_order_waits_for_health_and_for_the_migration() -> None:
    s = services()
    assert s["migrate"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    for name in ("api", "worker"):
        assert s[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert s["migrate"]["restart"] == "no"


def test_postgres_keeps_its_data_in_a_named_volume() -> None:
    volumes = services()["postgres"]["volumes"]
    assert any(v.endswith(":/var/lib/postgresql/data") for v in volumes)
    assert volumes[0].split(":")[0] in load()["volumes"]


def test_the_worker_reaches_a_container_engine_and_uses_the_runner_image() -> None:
    worker = services()["worker"]
    assert any("docker.sock" in v for v in worker["volumes"])
    assert worker["environment"]["SKRIPTOTEKET_RUNNER_IMAGE"] == services()["runner-image"]["image"]


def test_no_secret_is_written_into_the_file() -> None:
    secretish = re.compile(r"(PASSWORD|SECRET|TOKEN|KEY)", re.IGNORECASE)
    for name, service in services().items():
        for key, value in (service.get("environment") or {}).items():
            text = str(value)
            if secretish.search(key):
                assert text.startswith("${") and text.endswith("}"), f"{name}.{key}"
            # a URL with credentials must take the password from the environment
            for password in re.findall(r"://[^:/@]+:([^@]+)@", text):
                assert password.startswith("${"), f"{name}.{key}"
