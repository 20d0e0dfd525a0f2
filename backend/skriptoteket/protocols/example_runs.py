"""The port for example runs (domain/example_runs.py); in the Unit of Work's transaction."""

from __future__ import annotations

from typing import Protocol
from uuid import UUID

from skriptoteket.domain.example_runs import NewExampleRun


class ExampleRunRepository(Protocol):
    async def add(self, run: NewExampleRun) -> None: ...

    async def latest(self, version_id: UUID, user_id: UUID) -> list[NewExampleRun]:
        """The user's latest example run of each case of the version, by case name."""
        ...
