"""svcs in Litestar: the lifespan owns the Registry, each request gets its own Container."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Any, TypeVar

import svcs
from litestar import Request
from litestar.datastructures import State
from litestar.di import NamedDependency
from litestar.params import SkipValidation

from skriptoteket.application.identity.authenticate import Authenticate
from skriptoteket.application.runs.get_run import GetRun
from skriptoteket.application.runs.start_run import PrepareRun, StartRun
from skriptoteket.protocols.reads import SharedReads

T = TypeVar("T")

# Use cases that hold nothing per request, built once per process by the lifespan: every
# request checks its caller, the SPA polls its runs and a first run is the busiest write, and
# none should pay for building its use cases per request.
# SharedReads: the hot reads' one checkout of the read pool per request.
PROCESS_WIDE: tuple[type[Any], ...] = (Authenticate, GetRun, PrepareRun, StartRun, SharedReads)


def registry_of(state: State) -> svcs.Registry:
    registry = state.get("svcs_registry")
    if not isinstance(registry, svcs.Registry):
        raise RuntimeError("The svcs registry is not set up; is the lifespan running?")
    return registry


async def keep_process_wide(state: State, registry: svcs.Registry) -> None:
    async with svcs.Container(registry) as container:
        for kind in PROCESS_WIDE:
            state[kind.__name__] = await container.aget(kind)


def process_wide(state: State, kind: type[T]) -> T:
    used: T = state[kind.__name__]
    return used


def shared_reads(state: State) -> SharedReads:
    """The read pool's one checkout per request (a protocol: not a `process_wide` kind)."""
    reads: SharedReads = state[SharedReads.__name__]
    return reads


async def provide_container(
    request: Request[Any, Any, Any],
) -> AsyncGenerator[svcs.Container, None]:
    async with svcs.Container(registry_of(request.app.state)) as container:
        yield container


# Handlers declare `svcs_container: Services`; the container is injected as is, never
# validated or converted by the signature model.
Services = NamedDependency[SkipValidation[svcs.Container]]
