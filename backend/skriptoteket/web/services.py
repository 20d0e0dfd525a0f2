"""svcs in Litestar: the lifespan owns the Registry, each request gets its own Container."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Any

import svcs
from litestar import Request
from litestar.datastructures import State
from litestar.di import NamedDependency
from litestar.params import SkipValidation


def registry_of(state: State) -> svcs.Registry:
    registry = state.get("svcs_registry")
    if not isinstance(registry, svcs.Registry):
        raise RuntimeError("The svcs registry is not set up; is the lifespan running?")
    return registry


async def provide_container(
    request: Request[Any, Any, Any],
) -> AsyncGenerator[svcs.Container, None]:
    async with svcs.Container(registry_of(request.app.state)) as container:
        yield container


# Handlers declare `svcs_container: Services`; the container is injected as is, never
# validated or converted by the signature model.
Services = NamedDependency[SkipValidation[svcs.Container]]
