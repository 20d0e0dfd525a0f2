"""The pool's upkeep with stand-in sandboxes: it fills to its size, refills only while the
worker has CPU to spare, replaces a sandbox that died, and drains on a new generation (a new
runner image), after its idle time and when closed."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass

from skriptoteket.infrastructure.runner.pool import PoolConfig, SandboxPool

FAST_SWEEP = {"sweep_s": 0.01, "generation_check_s": 0.01}


@dataclass(eq=False)
class Stub:
    generation: str
    living: bool = True
    destroyed: bool = False

    def alive(self) -> bool:
        return self.living

    async def destroy(self) -> None:
        self.destroyed = True


class World:
    """What the pool sees: the sandboxes it made, the runner's generation, the worker's load."""

    def __init__(self) -> None:
        self.made: list[Stub] = []
        self.generation = "image-1"
        self.busy = False

    async def create(self) -> Stub:
        stub = Stub(self.generation)
        self.made.append(stub)
        return stub

    async def current(self) -> str:
        return self.generation


def pool_of(world: World, **config: object) -> SandboxPool[Stub]:
    return SandboxPool(
        world.create,
        PoolConfig(**{"size": 2, **config}),  # type: ignore[arg-type]
        busy=lambda: world.busy,
        generation=world.current,
        **FAST_SWEEP,
    )


async def until(condition: Callable[[], bool], within: float = 5.0) -> None:
    async with asyncio.timeout(within):
        while not condition():  # noqa: ASYNC110 - polling a plain predicate
            await asyncio.sleep(0.005)


async def test_it_fills_up_and_a_taken_sandbox_is_replaced_by_a_new_one() -> None:
    world = World()
    pool = pool_of(world)
    pool.start()
    await pool.wait_full(within_s=5)
    taken = pool.take()
    assert taken is world.made[0]
    await pool.wait_full(within_s=5)
    assert len(world.made) == 3 and taken not in pool.waiting()
    await pool.close()
    assert all(s.destroyed for s in world.made[1:])


async def test_no_refill_while_the_worker_is_busy_and_a_miss_never_waits() -> None:
    world = World()
    pool = pool_of(world, size=1)
    pool.start()
    await pool.wait_full(within_s=5)
    world.busy = True
    assert pool.take() is not None
    assert pool.take() is None  # empty: the caller starts a sandbox cold
    await asyncio.sleep(0.1)
    assert pool.idle == 0 and len(world.made) == 1
    world.busy = False
    await pool.wait_full(within_s=5)
    await pool.close()


async def test_a_sandbox_that_died_while_idle_is_destroyed_and_replaced() -> None:
    world = World()
    pool = pool_of(world)
    pool.start()
    await pool.wait_full(within_s=5)
    dead = world.made[0]
    dead.living = False
    await until(lambda: dead.destroyed and pool.idle == 2)
    assert dead not in pool.waiting() and pool.replaced == 1
    await pool.close()


async def test_a_new_generation_drains_the_old_sandboxes() -> None:
    world = World()
    pool = pool_of(world)
    pool.start()
    await pool.wait_full(within_s=5)
    old = pool.waiting()
    world.generation = "image-2"
    await until(lambda: all(s.destroyed for s in old) and pool.idle == 2)
    assert {s.generation for s in pool.waiting()} == {"image-2"}
    await pool.close()


async def test_after_its_idle_time_it_drains_and_refills_with_the_next_run() -> None:
    world = World()
    pool = pool_of(world, idle_s=0.5)
    pool.start()
    await pool.wait_full(within_s=5)
    await until(lambda: pool.idle == 0)
    assert all(s.destroyed for s in world.made)
    made = len(world.made)
    await asyncio.sleep(0.1)
    assert len(world.made) == made  # nobody runs anything: it stays empty
    assert pool.take() is None
    await pool.wait_full(within_s=5)
    await pool.close()


async def test_size_zero_is_no_pool() -> None:
    world = World()
    pool = pool_of(world, size=0)
    pool.start()
    await asyncio.sleep(0.05)
    assert pool.take() is None and world.made == []
    await pool.close()
