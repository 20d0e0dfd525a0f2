"""Running a version's examples (POST/GET /tools/{slug}/versions/{number}/example-runs): one
sandbox run per example, started through the sandbox's own path (StartRun with a sandbox
target of the stored version), and each checked against its expected.json
(domain/example_runs.py). The review page runs them on the submitted and the active version
side by side; the editor runs them on a draft; publishing records which passed.

An example with actions (actions.json) takes them one after the other when its runs are read
(GET, which the SPA polls while runs are open): once the latest run of the example succeeded,
its next action is taken through StartAction, as a teacher's click would. expected.json judges
the last run (domain/example_runs.py).

Who: the tool's maintainers and admins, as for any sandbox run. Each caller sees their own
latest run of each example (runs belong to who started them)."""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass
from uuid import UUID

from skriptoteket.application.runs.run_target import RunTarget, manifest_of
from skriptoteket.application.runs.start_run import StartRun
from skriptoteket.application.runs.tool_sessions import StartAction
from skriptoteket.application.runs.uploads import Upload, media_type_of
from skriptoteket.contract import SNIFF_BYTES
from skriptoteket.domain.catalog import ToolVersion
from skriptoteket.domain.errors import Conflict, InvalidInput, NotFound, RateLimited
from skriptoteket.domain.example_runs import (
    ExampleRunView,
    NewExampleRun,
    Refusal,
    example_meets,
    refusal_meets,
)
from skriptoteket.domain.examples import ExampleInfo
from skriptoteket.domain.runs import RunEnv, RunView, ToolSessionFile, run_access
from skriptoteket.domain.users import Principal
from skriptoteket.protocols.catalog import ToolRepository, VersionRepository
from skriptoteket.protocols.clock import Clock
from skriptoteket.protocols.example_runs import ExampleRunRepository
from skriptoteket.protocols.files import FileStore
from skriptoteket.protocols.runs import RunReads, ToolSessionRepository
from skriptoteket.protocols.uow import UnitOfWork

from .tool_access import editable_tool, find_version


@dataclass(frozen=True, slots=True)
class StartExampleRuns:
    uow: UnitOfWork
    tools: ToolRepository
    versions: VersionRepository
    example_runs: ExampleRunRepository
    files: FileStore
    start: StartRun
    clock: Clock

    async def __call__(self, principal: Principal, slug: str, number: int) -> list[ExampleRunView]:
        async with self.uow:
            tool = await editable_tool(self.tools, principal, slug)
            version = await find_version(self.versions, tool, number)
            contents = {
                (e.case, f.name): await self.versions.example_file(version.id, e.case, f.name)
                for e in version.examples
                for f in e.files
            }
        target = RunTarget(
            tool=tool,
            manifest=manifest_of(version.manifest),
            env=RunEnv.SANDBOX,
            version_id=version.id,
            version_number=version.number,
            snapshot_files=dict(version.files),  # the session's actions run the same code
        )
        file_fields = set(target.file_fields())
        started: list[ExampleRunView] = []
        for example in version.examples:
            files = {f.name: contents[(example.case, f.name)] or b"" for f in example.files}
            started.append(await self._one(principal, target, version, example, files, file_fields))
        return started

    async def _one(
        self,
        principal: Principal,
        target: RunTarget,
        version: ToolVersion,
        example: ExampleInfo,
        files: dict[str, bytes],
        file_fields: set[str],
    ) -> ExampleRunView:
        """The example's first run, its files uploaded as the inputs name them (a teacher's
        browser does the same); a 422 from the checks becomes the example's refusal."""
        session_id = uuid.uuid4()
        values, upload = {}, Upload()
        for field, value in example.inputs.items():
            if field not in file_fields:
                values[field] = value
                continue
            for name in [value] if isinstance(value, str) else list(value or []):
                upload.files.append(await self._store(session_id, field, name, files[name]))
                upload.heads[upload.files[-1].name] = files[name][:SNIFF_BYTES]
        run, refusal = None, None
        try:
            run = await self.start(principal, target, values, upload, session_id)
        except InvalidInput as exc:
            await self.files.delete(f"sessions/{session_id}/")
            first = exc.errors[0]
            refusal = Refusal(code=first.code, message=first.message)
        except BaseException:
            await self.files.delete(f"sessions/{session_id}/")
            raise
        record = NewExampleRun(
            id=uuid.uuid4(),
            version_id=version.id,
            case=example.case,
            user_id=principal.id,
            run_id=run.id if run else None,
            refusal=refusal,
            expected=example.expected,
            created_at=self.clock.now(),
            actions=list(example.actions),
        )
        async with self.uow:
            await self.example_runs.add(record)
            await self.uow.commit()
        return ExampleRunView(
            case=example.case,
            run=run,
            refusal=refusal,
            expected_met=refusal_meets(record.expected) if refusal else None,
            created_at=record.created_at,
            steps=1 + len(example.actions),
        )

    async def _store(self, session_id: UUID, field: str, name: str, data: bytes) -> ToolSessionFile:
        file_id = uuid.uuid4()
        key = f"sessions/{session_id}/{file_id}"
        stored = await self.files.put(key, io.BytesIO(data), max_bytes=len(data))
        return ToolSessionFile(
            id=file_id,
            field=field,
            name=name,
            bytes=stored.bytes,
            media_type=media_type_of(name),
            sha256=stored.sha256,
            store_key=key,
        )


async def _latest(
    example_runs: ExampleRunRepository,
    runs: RunReads,
    principal: Principal,
    version: ToolVersion,
) -> list[tuple[NewExampleRun, RunView | None]]:
    """The caller's latest record of each of the version's examples, in the examples' order,
    with the latest run of its chain."""
    by_case = {r.case: r for r in await example_runs.latest(version.id, principal.id)}
    found: list[tuple[NewExampleRun, RunView | None]] = []
    for example in version.examples:
        record = by_case.get(example.case)
        if record is None:
            continue
        run_id = record.latest_run_id
        run = await runs.get_view(run_id) if run_id else None
        if run is not None:
            # The caller started it and may edit the tool (its callers check): logs included.
            run = run.for_viewer(run_access(principal, run.user_id, is_maintainer=True))
        found.append((record, run))
    return found


def _view(record: NewExampleRun, run: RunView | None) -> ExampleRunView:
    if run is None:
        met = refusal_meets(record.expected)
    else:
        met = example_meets(
            record.expected,
            run,
            actions_left=record.actions_left,
            action_refused=record.refusal is not None,
        )
    return ExampleRunView(
        case=record.case,
        run=run,
        refusal=record.refusal,
        expected_met=met,
        created_at=record.created_at,
        step=record.step,
        steps=1 + len(record.actions),
    )


async def latest_example_runs(
    example_runs: ExampleRunRepository,
    runs: RunReads,
    principal: Principal,
    version: ToolVersion,
) -> list[ExampleRunView]:
    """The caller's latest run of each of the version's examples, in the examples' order."""
    return [_view(r, run) for r, run in await _latest(example_runs, runs, principal, version)]


@dataclass(frozen=True, slots=True)
class ListExampleRuns:
    """The caller's latest runs; an example whose latest run succeeded with an action left
    takes that action first (StartAction, as the action endpoint does)."""

    uow: UnitOfWork
    tools: ToolRepository
    versions: VersionRepository
    example_runs: ExampleRunRepository
    runs: RunReads
    tool_sessions: ToolSessionRepository
    take: StartAction

    async def __call__(self, principal: Principal, slug: str, number: int) -> list[ExampleRunView]:
        async with self.uow:
            tool = await editable_tool(self.tools, principal, slug)
            version = await find_version(self.versions, tool, number)
            latest = await _latest(self.example_runs, self.runs, principal, version)
        due = [(r, run) for r, run in latest if run is not None and r.next_action(run)]
        if not due:
            return [_view(r, run) for r, run in latest]
        for record, run in due:
            await self._advance(principal, record, run)
        async with self.uow:
            return await latest_example_runs(self.example_runs, self.runs, principal, version)

    async def _advance(self, principal: Principal, record: NewExampleRun, run: RunView) -> None:
        action = record.next_action(run) or {}
        async with self.uow:
            session = await self.tool_sessions.get(run.session_id) if run.session_id else None
        refusal: Refusal | None = None
        taken: RunView | None = None
        try:
            if session is None:
                raise NotFound("There is no such session.")
            taken = await self.take(
                principal,
                session.id,
                str(action.get("id", "")),
                action.get("input", {}),
                session.state_rev,
                Upload(),
            )
        except Conflict as exc:
            if exc.code == "state_conflict":
                return  # another request is taking it, or the session still runs
            refusal = Refusal(code=exc.code, message=exc.message)
        except InvalidInput as exc:
            first = exc.errors[0] if exc.errors else None
            refusal = Refusal(
                code=first.code if first else exc.code,
                message=f"{first.field}: {first.message}" if first else exc.message,
            )
        except NotFound as exc:
            refusal = Refusal(code=exc.code, message=exc.message)
        except RateLimited:
            return  # the queue is full: the next read tries again
        async with self.uow:
            if taken is not None:
                await self.example_runs.advanced(record.id, record.step, taken.id)
            elif refusal is not None:
                await self.example_runs.refused(record.id, record.step, refusal)
            await self.uow.commit()


@dataclass(frozen=True, slots=True)
class ExampleOutcomes:
    """What a review decision records: which examples passed in the reviewer's latest example
    runs of the version, read at decision time ({case: true/false/null}; {} when none ran)."""

    example_runs: ExampleRunRepository
    runs: RunReads

    async def __call__(self, principal: Principal, version: ToolVersion) -> dict[str, bool | None]:
        latest = await latest_example_runs(self.example_runs, self.runs, principal, version)
        return {v.case: v.expected_met for v in latest}
