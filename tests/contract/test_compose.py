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


def test_the_stack_has_database_migration_bootstrap_api_worker_proxy_and_runner_image() -> None:
    assert {
        "postgres",
        "migrate",
        "bootstrap",
        "api",
        "worker",
        "engine-proxy",
        "runner-image",
    } <= set(services())


def test_long_running_services_have_health_checks_and_restart_policies() -> None:
    for name in ("postgres", "api", "worker"):
        service = services()[name]
        assert service["healthcheck"]["test"], name
        assert service["restart"] in ("unless-stopped", "always"), name


def test_start_order_waits_for_health_and_for_the_migration() -> None:
    s = services()
    assert s["migrate"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    for name in ("bootstrap", "worker"):
        assert s[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    # the API is ready only once the first superuser exists
    assert s["api"]["depends_on"]["bootstrap"]["condition"] == "service_completed_successfully"
    assert s["worker"]["depends_on"]["engine-proxy"]["condition"] == "service_healthy"
    assert s["migrate"]["restart"] == s["bootstrap"]["restart"] == "no"


def test_postgres_keeps_its_data_in_a_named_volume() -> None:
    volumes = services()["postgres"]["volumes"]
    assert any(v.endswith(":/var/lib/postgresql/data") for v in volumes)
    assert volumes[0].split(":")[0] in load()["volumes"]


def test_only_the_engine_proxy_holds_the_engine_socket() -> None:
    s = services()
    proxy = s["engine-proxy"]
    assert any(v.endswith(":/var/run/docker.sock") for v in proxy["volumes"])
    assert proxy["network_mode"] == "none" and proxy["read_only"] is True
    assert proxy["cap_drop"] == ["ALL"]
    for name, service in s.items():
        if name != "engine-proxy":
            assert not any("docker.sock" in v for v in service.get("volumes", [])), name


def test_the_worker_reaches_the_engine_through_the_proxy_and_uses_the_runner_image() -> None:
    s = services()
    worker = s["worker"]
    assert worker["environment"]["DOCKER_HOST"] == "unix:///run/engine-proxy/docker.sock"
    assert "engine-proxy:/run/engine-proxy" in worker["volumes"]
    assert "engine-proxy:/run/engine-proxy" in s["engine-proxy"]["volumes"]
    image = worker["environment"]["SKRIPTOTEKET_RUNNER_IMAGE"]
    assert image == s["runner-image"]["image"]
    assert image == s["engine-proxy"]["environment"]["ENGINE_PROXY_IMAGES"]


def test_api_and_worker_share_nothing_but_postgresql() -> None:
    s = services()
    api, worker = set(s["api"].get("volumes", [])), set(s["worker"].get("volumes", []))
    assert not {v.split(":")[0] for v in api} & {v.split(":")[0] for v in worker}
    assert s["api"]["environment"]["SKRIPTOTEKET_FILE_STORE"] == "postgres"
    assert s["worker"]["environment"]["SKRIPTOTEKET_FILE_STORE"] == "postgres"


def test_published_ports_are_bound_to_loopback() -> None:
    for name, service in services().items():
        for port in service.get("ports", []):
            assert str(port).startswith("127.0.0.1:"), name


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
