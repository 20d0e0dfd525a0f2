"""Use cases say what they touch in their constructors (each parameter typed by the port or
service it needs); `register_by_constructor` registers an svcs factory for each that gets every
constructor parameter from the container by its annotated type."""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any, TypeVar, get_type_hints

import svcs

from skriptoteket.protocols.reads import SharedReads

T = TypeVar("T")


def register_by_constructor(registry: svcs.Registry, *kinds: type[Any]) -> None:
    for kind in kinds:
        registry.register_factory(kind, _factory(kind))


def _factory(kind: type[Any]) -> Callable[[svcs.Container], Awaitable[Any]]:
    hints = get_type_hints(kind if dataclasses.is_dataclass(kind) else kind.__init__)
    needs = [hints[name] for name in inspect.signature(kind).parameters]

    async def make(c: svcs.Container) -> Any:
        return kind(*[await c.aget_abstract(need) for need in needs])

    return make


def released_first(
    reads: SharedReads, scope: Callable[[], AbstractAsyncContextManager[T]]
) -> Callable[[], AbstractAsyncContextManager[T]]:
    """`scope`, entered after the task's shared read connection is given back (a unit of
    work's connection is of another pool: never hold one while waiting for the other)."""

    @asynccontextmanager
    async def open_released() -> AsyncIterator[T]:
        await reads.release()
        async with scope() as inner:
            yield inner

    return open_released


def scoped(registry: svcs.Registry, kind: type[T]) -> Callable[[], AbstractAsyncContextManager[T]]:
    """`kind` from a container of its own, closed on leaving: for a use case built once per
    process that needs a unit of work only now and then."""

    @asynccontextmanager
    async def open_scope() -> AsyncIterator[T]:
        async with svcs.Container(registry) as container:
            yield await container.aget(kind)

    return open_scope
