"""Erasing a user: an admin confirms with the user's name typed; one transaction removes
everything personal (domain/privacy.py says who may, protocols/privacy.py what goes); the
stored files go after the commit. A user asks for their own erasure; an admin confirms it."""

from __future__ import annotations

import logging
from datetime import datetime
from uuid import UUID

from skriptoteket.application.audit import Audit
from skriptoteket.application.identity.users import require_admin
from skriptoteket.domain.privacy import Erased, ErasureRequest, check_erasure
from skriptoteket.domain.users import Principal
from skriptoteket.protocols.clock import Clock
from skriptoteket.protocols.files import FileStore
from skriptoteket.protocols.privacy import ErasureStore, FileDeletions
from skriptoteket.protocols.uow import UnitOfWork

log = logging.getLogger(__name__)


class EraseUser:
    def __init__(
        self,
        uow: UnitOfWork,
        store: ErasureStore,
        deletions: FileDeletions,
        files: FileStore,
        audit: Audit,
        clock: Clock,
    ) -> None:
        self._uow = uow
        self._store = store
        self._deletions = deletions
        self._files = files
        self._audit = audit
        self._clock = clock

    async def __call__(self, actor: Principal, user_id: UUID, confirm: str) -> Erased:
        require_admin(actor)
        async with self._uow:
            subject = check_erasure(actor, await self._store.subject(user_id), confirm)
            erased = await self._store.erase(subject, self._clock.now())
            # Counts only: the event outlives the person and must not name them.
            await self._audit.record(
                "user.erased",
                actor=actor,
                subject_type="user",
                subject_id=user_id,
                details=erased.counts,
            )
            await self._uow.commit()
        await self._delete_files(erased.store_keys)
        return erased

    async def _delete_files(self, keys: list[str]) -> None:
        """After the commit: a failure here leaves the key in file_deletions, which the next
        retention pass finishes."""
        gone: list[str] = []
        for key in keys:
            try:
                await self._files.delete(key)
                gone.append(key)
            except Exception:
                log.exception("cannot delete a stored file of an erased user")
        async with self._uow:
            await self._deletions.forget(gone)
            await self._uow.commit()


class RequestErasure:
    """The signed-in user asks to be erased; admins see the request and confirm it."""

    def __init__(self, uow: UnitOfWork, store: ErasureStore, audit: Audit, clock: Clock) -> None:
        self._uow = uow
        self._store = store
        self._audit = audit
        self._clock = clock

    async def __call__(self, actor: Principal) -> datetime:
        async with self._uow:
            requested_at = await self._store.request(actor.id, self._clock.now())
            await self._audit.record(
                "user.erasure_requested", actor=actor, subject_type="user", subject_id=actor.id
            )
            await self._uow.commit()
        return requested_at


class ListErasureRequests:
    def __init__(self, uow: UnitOfWork, store: ErasureStore) -> None:
        self._uow = uow
        self._store = store

    async def __call__(self, actor: Principal) -> list[ErasureRequest]:
        require_admin(actor)
        async with self._uow:
            return await self._store.requests()
