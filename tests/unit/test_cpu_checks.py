"""The CPU pool (a time limit that stops the worker), content checked once per content, and the
per-user rate limits."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

import pytest

from skriptoteket.application.catalog.content_check import check_content, check_content_once
from skriptoteket.application.rate_limits import UserRateLimits
from skriptoteket.domain.errors import InvalidInput, RateLimited
from skriptoteket.infrastructure.cpu_pool import ProcessCpuPool
from skriptoteket.protocols.cpu import CpuTimeout
from tests.catalog_builders import manifest

T = TypeVar("T")


class CountingCpu:
    def __init__(self) -> None:
        self.calls = 0

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        self.calls += 1
        return fn(*args)


async def test_the_pool_stops_a_step_past_its_time_limit_and_recovers() -> None:
    pool = ProcessCpuPool(workers=1, timeout_s=5)
    try:
        began = time.monotonic()
        with pytest.raises(CpuTimeout):
            await pool.run(time.sleep, 30)
        assert time.monotonic() - began < 20
        assert await pool.run(sum, [1, 2, 3]) == 6  # a fresh worker
    finally:
        pool.close()


async def test_a_content_is_checked_once_and_its_answer_replayed() -> None:
    cpu = CountingCpu()
    files = {"main.py": f"# {uuid.uuid4()}\ndef run(:\n"}
    for _ in range(3):
        with pytest.raises(InvalidInput) as caught:
            await check_content(cpu, manifest(), files)
        assert caught.value.errors[0].code == "syntax_error"
    with pytest.raises(InvalidInput):
        check_content_once(manifest(), files)  # the synchronous path finds it remembered
    assert cpu.calls == 1
    good = {"main.py": f"# {uuid.uuid4()}\ndef run(ctx):\n    return {{}}\n"}
    assert await check_content(cpu, manifest(), good) == check_content_once(manifest(), good)
    assert cpu.calls == 2


async def test_a_check_past_the_time_limit_is_a_422_too_complex() -> None:
    class Slow:
        async def run(self, fn: Callable[..., T], *args: Any) -> T:
            await asyncio.sleep(0)
            raise CpuTimeout("slow")

    with pytest.raises(InvalidInput) as caught:
        await check_content(Slow(), manifest(), {"main.py": f"# {uuid.uuid4()}\n"})
    assert caught.value.errors[0].code == "too_complex"


def test_a_user_past_the_rate_limit_is_told_when_to_come_back() -> None:
    now = [1000.0]
    limits = UserRateLimits(now=lambda: now[0])
    alice, bob = uuid.uuid4(), uuid.uuid4()
    for _ in range(3):
        limits.hit(alice, "save_version", 3)
    with pytest.raises(RateLimited) as caught:
        limits.hit(alice, "save_version", 3)
    assert caught.value.retry_after_s == 60
    limits.hit(bob, "save_version", 3)  # per user
    limits.hit(alice, "sandbox_run", 3)  # per action
    now[0] += 45
    with pytest.raises(RateLimited) as later:
        limits.hit(alice, "save_version", 3)
    assert later.value.retry_after_s == 15
    now[0] += 15
    limits.hit(alice, "save_version", 3)
    limits.hit(alice, "save_version", 0)  # 0: no limit
