"""The port for example runs (domain/example_runs.py); in the Unit of Work's transaction."""

from __future__ import annotations

from typing import Protocol
from uuid import UUID

from skriptoteket.domain.example_runs import NewExampleRun, Refusal


class ExampleRunRepository(Protocol):
    async def add(self, run: NewExampleRun) -> None: ...

    async def latest(self, version_id: UUID, user_id: UUID) -> list[NewExampleRun]:
        """The user's latest example run of each case of the version, by case name."""
        ...

    async def advanced(self, record_id: UUID, step: int, run_id: UUID) -> bool:
        """Action number `step` was taken and started `run_id`; False when another request
        took it first."""
        ...

    async def refused(self, record_id: UUID, step: int, refusal: Refusal) -> None:
        """The server refused action number `step`: the example stops there."""
        ...
