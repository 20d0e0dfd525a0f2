"""Ports of privacy: erasing a person's data, erasure requests, and reading everything stored
about a person for their export."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

from skriptoteket.domain.privacy import Erased, ErasureRequest, ErasureSubject


class ErasureStore(Protocol):
    """Inside the Unit of Work's transaction: an erasure commits whole or not at all."""

    async def subject(self, user_id: UUID) -> ErasureSubject | None:
        """The user, locked until the transaction ends (two erasures cannot interleave)."""
        ...

    async def erase(self, subject: ErasureSubject, at: datetime) -> Erased:
        """Delete the person's sign-in sessions, tokens, settings, favorites, tool sessions,
        erasure request and failed logins; blank their runs' content and delete their
        artifacts; strip names, e-mail, IPs and user agents from audit events about or by
        them; anonymise the user row. The stored files of what went are recorded as file
        deletions to do and returned."""
        ...

    async def request(self, user_id: UUID, at: datetime) -> datetime:
        """Record the user's own erasure request; the first request's time."""
        ...

    async def requests(self) -> list[ErasureRequest]: ...


class FileDeletions(Protocol):
    async def forget(self, keys: list[str]) -> None:
        """The bytes of `keys` are gone (their own transaction)."""
        ...


class ExportReads(Protocol):
    """Everything stored about one person, as JSON-ready records. Runs come page by page, so
    an export of thousands never holds them all."""

    async def profile(self, user_id: UUID) -> dict[str, Any] | None: ...

    async def tables(self, user_id: UUID) -> dict[str, list[dict[str, Any]]]:
        """The small things: tokens (never secrets), sign-in sessions, tool settings,
        favorites, suggestions, erasure request, tool sessions, audit events."""
        ...

    def runs(self, user_id: UUID, page: int) -> AsyncIterator[list[dict[str, Any]]]:
        """The person's runs, oldest first, each with its artifacts' records."""
        ...
