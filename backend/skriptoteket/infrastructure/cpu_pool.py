"""A bounded pool of worker processes for CPU-heavy request steps, with a time limit.

Processes, not threads: `compile()` holds the GIL for its whole run, so a thread would still
stall the event loop. At most `workers` steps run at once (others wait without blocking the
loop); a step past `timeout_s` has its worker killed and the pool is rebuilt. The workers run
at a lower CPU priority (nice 10): on a small machine a check must not starve the requests.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from skriptoteket.protocols.cpu import CpuTimeout

T = TypeVar("T")
# Imported once by the fork server, so each worker starts warm.
_PRELOAD = ["skriptoteket.application.catalog.content_check"]


class ProcessCpuPool:
    def __init__(self, workers: int, timeout_s: float) -> None:
        self._workers = max(1, workers)
        self._timeout_s = timeout_s
        self._executor: ProcessPoolExecutor | None = None
        self._slots: asyncio.Semaphore | None = None

    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is None:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(_PRELOAD)
            self._executor = ProcessPoolExecutor(
                self._workers, mp_context=context, initializer=os.nice, initargs=(10,)
            )
        return self._executor

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        if self._slots is None:
            self._slots = asyncio.Semaphore(self._workers)
        async with self._slots:
            future = self._pool().submit(fn, *args)
            try:
                return await asyncio.wait_for(asyncio.wrap_future(future), self._timeout_s)
            except TimeoutError:
                self._kill()
                raise CpuTimeout(f"more than {self._timeout_s} s") from None
            except BrokenProcessPool:  # a worker died (out of memory): start afresh
                self._kill()
                raise CpuTimeout("the worker stopped") from None

    def _kill(self) -> None:
        executor, self._executor = self._executor, None
        if executor is None:
            return
        for process in list(getattr(executor, "_processes", {}).values()):
            process.kill()
        executor.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)
