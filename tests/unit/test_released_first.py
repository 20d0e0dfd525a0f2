"""bootstrap.wiring.released_first: GetRun's unit of work (RecordRunRead) is entered only after
the request's shared read connection is given back, so no task holds a connection of the read
pool while it waits for one of the unit of work's pool."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager, nullcontext

from skriptoteket.bootstrap.wiring import released_first


class Reads:
    def __init__(self, log: list[str]) -> None:
        self.log = log

    def shared(self) -> AbstractAsyncContextManager[None]:
        return nullcontext()

    async def release(self) -> None:
        self.log.append("released")


async def test_the_shared_read_connection_is_given_back_before_the_scope_opens() -> None:
    log: list[str] = []

    @asynccontextmanager
    async def scope() -> AsyncIterator[str]:
        log.append("opened")
        yield "unit"
        log.append("closed")

    async with released_first(Reads(log), scope)() as unit:
        assert unit == "unit"
    assert log == ["released", "opened", "closed"]
