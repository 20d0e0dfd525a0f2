"""Reading runs: one run (GET /runs/{id}, and each event of its stream), the user's runs, and
who may see what (domain.runs.run_access): the owner, the tool's maintainers and admins; to
anyone else the run does not exist. Every read of someone else's run is audited."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from uuid import UUID

from skriptoteket.application.audit import Audit
from skriptoteket.domain.catalog import Page
from skriptoteket.domain.clock import utcnow
from skriptoteket.domain.errors import Forbidden, NotFound
from skriptoteket.domain.runs import RunAccess, RunArtifact, RunQuery, RunView, run_access
from skriptoteket.domain.users import Principal, Role
from skriptoteket.protocols.runs import RunReads, RunViews
from skriptoteket.protocols.uow import UnitOfWork


async def visible(runs: RunViews, principal: Principal, run_id: UUID) -> tuple[RunView, RunAccess]:
    """The shared step of every read: the run and the caller's access, or 404."""
    found = await runs.get_visible(run_id, principal.id)
    if found is None:
        raise NotFound("There is no such run.")
    view, maintainer = found
    access = run_access(principal, view.user_id, is_maintainer=maintainer)
    if not access.can_view:
        raise NotFound("There is no such run.")
    return view, access


class RunReader:
    """A read of a run in a unit of work, which may audit it."""

    def __init__(self, uow: UnitOfWork, runs: RunReads, audit: Audit):
        self._uow = uow
        self._runs = runs
        self._audit = audit

    async def _visible(self, principal: Principal, run_id: UUID) -> tuple[RunView, RunAccess]:
        return await visible(self._runs, principal, run_id)

    async def _audit_if_foreign(
        self, principal: Principal, view: RunView, access: RunAccess, what: str
    ) -> bool:
        """Anyone but the owner looking at a run (a maintainer or an admin): pupil data."""
        if access.is_owner:
            return False
        await self._audit.record(
            what,
            actor=principal,
            subject_type="run",
            subject_id=view.id,
            details={"owner_id": str(view.user_id), "tool": view.tool_slug},
        )
        return True


class GetRun:
    """The run as `principal` may see it (logs and error detail only for maintainers/admins).

    `audit=False` for repeated reads of a run already audited (the event stream).

    The first time the owner reads the run finished (GET /runs/{id}, or the terminal event of
    its stream) its result has been delivered: with a content retention of 0 days, the next
    retention pass deletes it.

    Built once per process (a run is read on every poll of the SPA): the read is one statement
    of `runs` (committed data; no transaction), and only a read that writes (someone else's
    read audited, the first delivery marked) opens a unit of work, through `record`."""

    def __init__(
        self, runs: RunViews, record: Callable[[], AbstractAsyncContextManager[RecordRunRead]]
    ) -> None:
        self._runs = runs
        self._record = record

    async def __call__(self, principal: Principal, run_id: UUID, *, audit: bool = True) -> RunView:
        view, access = await visible(self._runs, principal, run_id)
        foreign = audit and not access.is_owner
        delivered = access.is_owner and view.status.terminal and view.delivered_at is None
        if foreign or delivered:
            async with self._record() as record:
                await record(principal, view, access, audit=foreign, delivered=delivered)
        return view.for_viewer(access)


class RecordRunRead(RunReader):
    """What a read of a run writes, in one unit of work, as GetRun decided: the audit of
    someone else's read (`audit`) and the owner's first delivery of the finished run
    (`delivered`)."""

    async def __call__(
        self,
        principal: Principal,
        view: RunView,
        access: RunAccess,
        *,
        audit: bool,
        delivered: bool,
    ) -> None:
        async with self._uow:
            if audit:
                await self._audit_if_foreign(principal, view, access, "run.read")
            if delivered:
                await self._runs.mark_delivered(view.id, utcnow())
            await self._uow.commit()


class CheckRunAccess(RunReader):
    """Only whether `principal` may see the run (404 otherwise) and what of it."""

    async def __call__(self, principal: Principal, run_id: UUID) -> RunAccess:
        async with self._uow:
            _, access = await self._visible(principal, run_id)
        return access


class ListRuns:
    """My runs; an admin may list any user's (`user_id`) or everyone's (`user_id=None`)."""

    def __init__(self, uow: UnitOfWork, runs: RunReads, audit: Audit) -> None:
        self._uow = uow
        self._runs = runs
        self._audit = audit

    async def __call__(self, principal: Principal, query: RunQuery) -> Page[RunView]:
        foreign = query.user_id != principal.id
        if foreign and not principal.role.at_least(Role.ADMIN):
            raise Forbidden("Only admins may list other users' runs.")
        async with self._uow:
            page = await self._runs.list_views(query)
            if foreign:
                await self._audit.record(
                    "run.list",
                    actor=principal,
                    subject_type="user" if query.user_id is not None else None,
                    subject_id=query.user_id,
                    details={
                        "scope": "user" if query.user_id is not None else "all",
                        "tool": query.tool_slug,
                        "status": query.status,
                        "since": query.since.isoformat() if query.since else None,
                        "until": query.until.isoformat() if query.until else None,
                    },
                )
                await self._uow.commit()
        # The list shows outcomes, not internals: logs are read one run at a time.
        staff = RunAccess(can_view=True, sees_internals=False, is_owner=not foreign)
        return Page(
            items=[v.for_viewer(staff) for v in page.items],
            total=page.total,
            limit=page.limit,
            offset=page.offset,
        )


class GetArtifact(RunReader):
    """An artifact of a run the caller may see; 404 for anything else."""

    async def __call__(self, principal: Principal, run_id: UUID, artifact_id: UUID) -> RunArtifact:
        async with self._uow:
            view, access = await self._visible(principal, run_id)
            artifact = await self._runs.artifact(run_id, artifact_id)
            if artifact is None:
                raise NotFound("There is no such artifact.")
            if await self._audit_if_foreign(principal, view, access, "run.artifact_read"):
                await self._uow.commit()
        return artifact
