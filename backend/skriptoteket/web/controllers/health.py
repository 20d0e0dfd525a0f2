"""Liveness and readiness probes for orchestrators (not part of the versioned API)."""

from __future__ import annotations

import msgspec
from litestar import Controller, Response, get

from skriptoteket.web.problems import problems
from skriptoteket.web.services import Services


class Readiness(msgspec.Struct, kw_only=True):
    ready: bool
    checks: dict[str, str]


class Liveness(msgspec.Struct, kw_only=True):
    status: str


def check_name(service: str) -> str:
    """svcs names a ping after the service type; readers want the dependency's name."""
    short = service.rsplit(".", 1)[-1]
    names = {"AsyncEngine": "database", "ToolRunner": "runner", "SystemStatusReads": "worker"}
    return names.get(short, short)


class HealthController(Controller):
    tags = ["operations"]
    include_in_schema = True

    @get("/healthz", operation_id="getHealth", summary="The process is alive")
    async def healthz(self) -> Liveness:
        return Liveness(status="ok")

    @get(
        "/readyz",
        operation_id="getReadiness",
        summary="The database (migrated to head) and other dependencies are reachable",
        responses=problems(),
    )
    async def readyz(self, svcs_container: Services) -> Response[Readiness]:
        checks: dict[str, str] = {}
        for ping in svcs_container.get_pings():
            try:
                await ping.aping()
                checks[check_name(ping.name)] = "ok"
            except Exception as exc:  # a probe reports failures, it does not raise them
                checks[check_name(ping.name)] = str(exc)[:300] or type(exc).__name__
        ready = all(v == "ok" for v in checks.values())
        return Response(Readiness(ready=ready, checks=checks), status_code=200 if ready else 503)
