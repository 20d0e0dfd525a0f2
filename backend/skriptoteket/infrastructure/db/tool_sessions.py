"""Rows and repositories of tool sessions, their files, run artifacts and tool settings, and the
read side of runs (the API's `Run`, joined with its tool's title and its artifacts).

Tool sessions keep their table names `sessions` and `session_files` (renaming them is a
migration for no behaviour); sign-in sessions are the table `auth_sessions` (db/identity.py)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any
from uuid import UUID

import msgspec
from sqlalchemy import (
    BigInteger,
    Boolean,
    ColumnElement,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    bindparam,
    case,
    func,
    insert,
    literal_column,
    select,
    text,
    tuple_,
    update,
)
from sqlalchemy.dialects.postgresql import JSONB, aggregate_order_by
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from skriptoteket.domain.catalog import Page
from skriptoteket.domain.clock import utcnow
from skriptoteket.domain.example_runs import example_meets
from skriptoteket.domain.messages import PLATFORM_RUN_ERRORS
from skriptoteket.domain.runs import (
    NewToolSession,
    RunArtifact,
    RunEnv,
    RunErrorView,
    RunMode,
    RunQuery,
    RunStatus,
    RunView,
    ToolSessionFile,
    ToolSessionRecord,
    ToolSessionStatus,
    ToolSessionView,
)

from .base import Base
from .catalog import IS_MAINTAINER, ToolMaintainerRow, ToolRow
from .example_runs import ExampleRunRow
from .identity import UserRow
from .read_pool import ReadPool
from .runs import JobRow, RunRow
from .statements import psycopg_sql


class ToolSessionRow(Base):
    __tablename__ = "sessions"

    id: Mapped[UUID] = mapped_column(primary_key=True)
    tool_id: Mapped[UUID] = mapped_column(ForeignKey("tools.id", ondelete="CASCADE"))
    tool_version_id: Mapped[UUID | None]
    user_id: Mapped[UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    env: Mapped[str] = mapped_column(String(16))
    state: Mapped[dict[str, Any]] = mapped_column(JSONB)
    state_rev: Mapped[int] = mapped_column(Integer)
    inputs: Mapped[dict[str, Any]] = mapped_column(JSONB)
    pending_actions: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)
    snapshot: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    last_run_id: Mapped[UUID | None]
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ToolSessionFileRow(Base):
    __tablename__ = "session_files"

    id: Mapped[UUID] = mapped_column(primary_key=True)
    session_id: Mapped[UUID] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"))
    field: Mapped[str | None] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(255))
    bytes: Mapped[int] = mapped_column(BigInteger)
    media_type: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    store_key: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    promoted_from_run_id: Mapped[UUID | None]

    def domain(self) -> ToolSessionFile:
        return ToolSessionFile(
            id=self.id,
            field=self.field,
            name=self.name,
            bytes=self.bytes,
            media_type=self.media_type,
            sha256=self.sha256,
            store_key=self.store_key,
        )


class RunArtifactRow(Base):
    __tablename__ = "run_artifacts"

    id: Mapped[UUID] = mapped_column(primary_key=True)
    run_id: Mapped[UUID] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"))
    path: Mapped[str] = mapped_column(Text)
    name: Mapped[str] = mapped_column(String(255))
    bytes: Mapped[int] = mapped_column(BigInteger)
    media_type: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    store_key: Mapped[str] = mapped_column(Text)
    label: Mapped[str | None] = mapped_column(String(200))
    promote: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    def domain(self) -> RunArtifact:
        return RunArtifact(
            id=self.id,
            path=self.path,
            name=self.name,
            bytes=self.bytes,
            media_type=self.media_type,
            sha256=self.sha256,
            store_key=self.store_key,
            expires_at=self.expires_at,
            label=self.label,
            promote=self.promote,
        )


class ToolSettingsRow(Base):
    __tablename__ = "tool_settings"

    user_id: Mapped[UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    tool_id: Mapped[UUID] = mapped_column(
        ForeignKey("tools.id", ondelete="CASCADE"), primary_key=True
    )
    values: Mapped[dict[str, Any]] = mapped_column(JSONB)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


def _error(row: RunRow) -> RunErrorView | None:
    # What the platform wrote (a timeout, memory, output limit, its own failure) is stored as
    # a code and worded when read, in the reader's language (domain/messages.py); the stored
    # English text is the detail for maintainers and admins.
    code: str | None = "timed_out" if row.status == "timed_out" else row.error_code
    if code is None:
        return None
    if code in PLATFORM_RUN_ERRORS:
        return RunErrorView(code=code, message=PLATFORM_RUN_ERRORS[code], detail=row.error_message)
    stored: Any = (row.result or {}).get("error") or {}
    if not isinstance(stored, dict):
        stored = {}
    return RunErrorView(
        code=code,
        message=row.error_message or "",
        detail=stored.get("detail"),
        file=stored.get("file"),
        line=stored.get("line"),
        column=stored.get("column"),
    )


def _view(
    row: RunRow, title: str, artifacts: list[RunArtifact], queue_position: int | None = None
) -> RunView:
    result = row.result or {}
    return RunView(
        id=row.id,
        user_id=row.user_id,
        tool_id=row.tool_id,
        tool_slug=row.tool_slug,
        tool_title=title,
        version=row.version_number,
        session_id=row.session_id,
        mode=RunMode(row.mode),
        env=RunEnv(row.env),
        status=RunStatus(row.status),
        error=_error(row),
        # Only a succeeded run's outputs and actions are shown; a failed one may carry the
        # tool's partial result, which nobody should act on.
        outputs=list(result.get("outputs") or []),
        actions=list(result.get("actions") or []) if row.status == "succeeded" else [],
        artifacts=artifacts,
        queued_at=row.queued_at,
        started_at=row.started_at,
        finished_at=row.finished_at,
        logs={k: str(v) for k, v in row.logs.items()} if row.logs else None,
        delivered_at=row.delivered_at,
        content_expired=row.content_expired_at is not None,
        retention_days=row.retention_days,
        queue_position=queue_position,
    )


# How many queued jobs the claim takes before each given queued one: the claim's own order
# (priority, then when it became available, then id), served by its partial index.
QUEUE_POSITIONS = text(
    """
    SELECT j.run_id,
           (SELECT count(*) FROM jobs ahead
            WHERE ahead.status = 'queued'
              AND (ahead.priority, ahead.available_at, ahead.id)
                  < (j.priority, j.available_at, j.id)) AS ahead
    FROM jobs j
    WHERE j.run_id = ANY(:run_ids) AND j.status = 'queued'
    """
)


# An example run (the latest of its example's chain, domain/example_runs.py): its expectation
# comes along, with how many of the example's actions are left and whether one was refused.
EXAMPLE_ACTIONS_LEFT = func.jsonb_array_length(ExampleRunRow.actions) - ExampleRunRow.step
# (JSON null is none; a literal, as the read pool binds only run_id)
EXAMPLE_ACTION_REFUSED = func.jsonb_typeof(ExampleRunRow.refusal) == literal_column("'object'")

# What a run is read with: its tool's title and, for an example run, its expectation (None for
# every other run); joined on ToolRow and (outer) ExampleRunRow.
_RUN_EXTRAS = (
    ToolRow.title.label("tool_title_of_run"),
    ExampleRunRow.expected.label("example_expected"),
    EXAMPLE_ACTIONS_LEFT.label("example_actions_left"),
    EXAMPLE_ACTION_REFUSED.label("example_action_refused"),
)
# GET /runs/{id} on the read pool: plain columns, converted by the rows' own code.
RUN_WITH_TITLE = (
    select(*RunRow.__table__.c, *_RUN_EXTRAS)
    .join(ToolRow, ToolRow.id == RunRow.tool_id)
    .outerjoin(ExampleRunRow, ExampleRunRow.last_run_id == RunRow.id)
    .where(RunRow.id == bindparam("run_id"))
)


def _checked(
    view: RunView, expected: dict[str, Any] | None, left: int | None, refused: bool | None
) -> RunView:
    if not expected:
        return view
    met = example_meets(expected, view, actions_left=left or 0, action_refused=bool(refused))
    return replace(view, expected_met=met)


ARTIFACTS_OF_RUN = (
    select(*RunArtifactRow.__table__.c)
    .where(RunArtifactRow.run_id == bindparam("run_id"), RunArtifactRow.expires_at > func.now())
    .order_by(RunArtifactRow.path)
)

# GET /runs/{id} (and each event of its stream) in one statement on the read pool: the run
# with its tool's title, its unexpired artifacts as one JSON array (by path; null when it has
# none, which the driver then need not parse), whether the
# viewer maintains the tool, and while queued its place in the queue (QUEUE_POSITIONS' count;
# null when its job is no longer queued). One snapshot, so all of it agrees.
_ARTIFACT = RunArtifactRow.__table__.alias("a")
_ARTIFACTS_JSON = (
    select(
        func.json_agg(
            aggregate_order_by(
                func.json_build_object(
                    *(
                        x
                        for c in _ARTIFACT.c
                        if c.name not in ("run_id", "created_at")
                        for x in (literal_column(f"'{c.name}'"), c)
                    )
                ),
                _ARTIFACT.c.path,
            )
        )
    )
    .where(_ARTIFACT.c.run_id == RunRow.id, _ARTIFACT.c.expires_at > func.now())
    .scalar_subquery()
)
_VIEWER_MAINTAINS = (
    select(ToolMaintainerRow.user_id)
    .where(
        ToolMaintainerRow.tool_id == RunRow.tool_id,
        ToolMaintainerRow.user_id == bindparam("viewer_id"),
    )
    .exists()
)
# (constants as literals: the read pool binds only the statement's named parameters)
_QUEUED: ColumnElement[str] = literal_column("'queued'")
_JOB = JobRow.__table__.alias("j")
_AHEAD = JobRow.__table__.alias("ahead")
_PLACE = (
    select(
        select(func.count())
        .select_from(_AHEAD)
        .where(
            _AHEAD.c.status == _QUEUED,
            tuple_(_AHEAD.c.priority, _AHEAD.c.available_at, _AHEAD.c.id)
            < tuple_(_JOB.c.priority, _JOB.c.available_at, _JOB.c.id),
        )
        .scalar_subquery()
    )
    .where(_JOB.c.run_id == RunRow.id, _JOB.c.status == _QUEUED)
    .scalar_subquery()
)
# (the columns _view reads: not the stored request, which may be large)
_VIEWED = [c for c in RunRow.__table__.c if c.name not in ("request", "sizes", "tool_version_id")]
RUN_FOR_VIEWER = (
    select(
        *_VIEWED,
        *_RUN_EXTRAS,
        _ARTIFACTS_JSON.label("artifacts_json"),
        _VIEWER_MAINTAINS.label("viewer_maintains"),
        case((RunRow.status == _QUEUED, _PLACE)).label("queue_place"),
    )
    .join(ToolRow, ToolRow.id == RunRow.tool_id)
    .outerjoin(ExampleRunRow, ExampleRunRow.last_run_id == RunRow.id)
    .where(RunRow.id == bindparam("run_id"))
)


def _artifact_of_json(a: dict[str, Any]) -> RunArtifact:
    return RunArtifact(
        id=UUID(a["id"]),
        path=a["path"],
        name=a["name"],
        bytes=a["bytes"],
        media_type=a["media_type"],
        sha256=a["sha256"],
        store_key=a["store_key"],
        expires_at=datetime.fromisoformat(a["expires_at"]),
        label=a["label"],
        promote=a["promote"],
    )


class ReadPoolRunViews:
    """A run as its viewer may see it, in one statement on the read pool (`RUN_FOR_VIEWER`):
    nothing per request, so GetRun is built once per process."""

    def __init__(self, reads: ReadPool) -> None:
        self._reads = reads

    async def get_visible(self, run_id: UUID, viewer_id: UUID) -> tuple[RunView, bool] | None:
        r: Any = (
            await self._reads.execute(RUN_FOR_VIEWER, {"run_id": run_id, "viewer_id": viewer_id})
        ).first()
        if r is None:
            return None
        artifacts = [_artifact_of_json(a) for a in r.artifacts_json or ()]
        place = r.queue_place
        view = _view(r, r.tool_title_of_run, artifacts, None if place is None else int(place))
        if r.example_expected:
            view = _checked(
                view, r.example_expected, r.example_actions_left, r.example_action_refused
            )
        return view, bool(r.viewer_maintains)


class SqlRunReads:
    """`reads`: get_view runs on the autocommit read pool (its callers read a committed run
    first: GET /runs/{id}, its event stream, the answer after the run was queued)."""

    def __init__(self, session: AsyncSession, reads: ReadPool | None = None) -> None:
        self._s = session
        self._reads = reads
        self._views = ReadPoolRunViews(reads) if reads is not None else None

    async def _with_positions(self, views: list[RunView]) -> list[RunView]:
        queued = [v.id for v in views if v.status is RunStatus.QUEUED]
        if not queued:
            return views
        read = self._reads.execute if self._reads is not None else self._s.execute
        rows = await read(QUEUE_POSITIONS, {"run_ids": queued})
        ahead = {row.run_id: int(row.ahead) for row in rows}
        return [replace(v, queue_position=ahead[v.id]) if v.id in ahead else v for v in views]

    async def _artifacts(self, run_ids: list[UUID]) -> dict[UUID, list[RunArtifact]]:
        found: dict[UUID, list[RunArtifact]] = {run_id: [] for run_id in run_ids}
        if not run_ids:
            return found
        rows = await self._s.scalars(
            select(RunArtifactRow)
            .where(RunArtifactRow.run_id.in_(run_ids), RunArtifactRow.expires_at > func.now())
            .order_by(RunArtifactRow.path)
        )
        for a in rows:
            found[a.run_id].append(a.domain())
        return found

    async def get_view(self, run_id: UUID) -> RunView | None:
        if self._reads is not None:
            return await self._get_view_read(self._reads, run_id)
        found = (
            await self._s.execute(
                select(
                    RunRow,
                    ToolRow.title,
                    ExampleRunRow.expected,
                    EXAMPLE_ACTIONS_LEFT,
                    EXAMPLE_ACTION_REFUSED,
                )
                .join(ToolRow, ToolRow.id == RunRow.tool_id)
                .outerjoin(ExampleRunRow, ExampleRunRow.last_run_id == RunRow.id)
                .where(RunRow.id == run_id)
            )
        ).first()
        if found is None:
            return None
        row, title, expected, left, refused = found
        artifacts = await self._artifacts([row.id])
        view = _checked(_view(row, title, artifacts[row.id]), expected, left, refused)
        return (await self._with_positions([view]))[0]

    async def _get_view_read(self, reads: ReadPool, run_id: UUID) -> RunView | None:
        r: Any = (await reads.execute(RUN_WITH_TITLE, {"run_id": run_id})).first()
        if r is None:
            return None
        rows = await reads.execute(ARTIFACTS_OF_RUN, {"run_id": run_id})
        artifacts = [RunArtifactRow.domain(a) for a in rows]
        view = _checked(
            _view(r, r.tool_title_of_run, artifacts),
            r.example_expected,
            r.example_actions_left,
            r.example_action_refused,
        )
        return (await self._with_positions([view]))[0]

    async def get_visible(self, run_id: UUID, viewer_id: UUID) -> tuple[RunView, bool] | None:
        if self._views is not None:
            return await self._views.get_visible(run_id, viewer_id)
        view = await self.get_view(run_id)
        if view is None:
            return None
        found = await self._s.execute(
            IS_MAINTAINER, {"tool_id": view.tool_id, "user_id": viewer_id}
        )
        return view, found.first() is not None

    async def list_views(self, query: RunQuery) -> Page[RunView]:
        where = []
        if query.user_id is not None:
            where.append(RunRow.user_id == query.user_id)
        if query.tool_slug is not None:
            where.append(RunRow.tool_slug == query.tool_slug)
        if query.status is not None:
            where.append(RunRow.status == query.status.value)
        if query.since is not None:
            where.append(RunRow.queued_at >= query.since)
        if query.until is not None:
            where.append(RunRow.queued_at < query.until)
        order: list[Any] = []
        if query.failures_first:
            order.append(case((RunRow.status.in_(("failed", "timed_out")), 0), else_=1))
        order += [RunRow.queued_at.desc(), RunRow.id]
        total = await self._s.scalar(select(func.count()).select_from(RunRow).where(*where))
        rows = (
            await self._s.execute(
                select(RunRow, ToolRow.title, UserRow.display_name)
                .join(ToolRow, ToolRow.id == RunRow.tool_id)
                .join(UserRow, UserRow.id == RunRow.user_id)
                .where(*where)
                .order_by(*order)
                .limit(query.limit)
                .offset(query.offset)
            )
        ).all()
        artifacts = await self._artifacts([row.id for row, _, _ in rows])
        return Page(
            items=await self._with_positions(
                [
                    replace(_view(row, title, artifacts[row.id]), user_name=name)
                    for row, title, name in rows
                ]
            ),
            total=int(total or 0),
            limit=query.limit,
            offset=query.offset,
        )

    async def mark_delivered(self, run_id: UUID, at: datetime) -> None:
        await self._s.execute(
            update(RunRow)
            .where(RunRow.id == run_id, RunRow.delivered_at.is_(None))
            .values(delivered_at=at)
        )

    async def artifact(self, run_id: UUID, artifact_id: UUID) -> RunArtifact | None:
        a = await self._s.scalar(
            select(RunArtifactRow).where(
                RunArtifactRow.id == artifact_id,
                RunArtifactRow.run_id == run_id,
                RunArtifactRow.expires_at > func.now(),
            )
        )
        return a.domain() if a is not None else None


# A new tool session, one plain statement: no ORM object to track (its run is created in the
# same transaction and nothing reads the session back before it commits: session_starts.py).
NEW_TOOL_SESSION = insert(ToolSessionRow).values(
    {
        **{
            name: bindparam(name)
            for name in ("id", "tool_id", "tool_version_id", "user_id", "env", "expires_at")
        },
        "inputs": bindparam("inputs"),  # JSON text
        "snapshot": bindparam("snapshot"),  # JSON text or None
        "state": literal_column("'{}'"),
        "state_rev": literal_column("0"),
        "pending_actions": literal_column("'[]'"),
        "created_at": func.now(),
        "updated_at": func.now(),
    }
)
NEW_SESSION_FILE = insert(ToolSessionFileRow).values(
    {
        name: bindparam(name)
        for name in (
            "id",
            "session_id",
            "field",
            "name",
            "bytes",
            "media_type",
            "sha256",
            "store_key",
            "created_at",
            "expires_at",
        )
    }
)


def new_session_params(session: NewToolSession) -> dict[str, Any]:
    return {
        "id": session.id,
        "tool_id": session.tool_id,
        "tool_version_id": session.tool_version_id,
        "user_id": session.user_id,
        "env": session.env.value,
        "expires_at": session.expires_at,
        "inputs": msgspec.json.encode(session.inputs).decode(),
        "snapshot": (
            msgspec.json.encode(session.snapshot).decode() if session.snapshot is not None else None
        ),
    }


def new_file_params(
    session_id: UUID, files: list[ToolSessionFile], expires_at: datetime
) -> list[dict[str, Any]]:
    """NEW_SESSION_FILE's parameters, one set per file (executemany)."""
    now = utcnow()
    return [
        {
            "id": f.id,
            "session_id": session_id,
            "field": f.field,
            "name": f.name,
            "bytes": f.bytes,
            "media_type": f.media_type,
            "sha256": f.sha256,
            "store_key": f.store_key,
            "created_at": now,
            "expires_at": expires_at,
        }
        for f in files
    ]


class SqlToolSessionRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def add_files(
        self, session_id: UUID, files: list[ToolSessionFile], expires_at: datetime
    ) -> None:
        if files:
            conn = await self._s.connection()
            await conn.exec_driver_sql(
                psycopg_sql(NEW_SESSION_FILE), new_file_params(session_id, files, expires_at)
            )

    async def _files(self, session_id: UUID) -> list[ToolSessionFileRow]:
        return list(
            await self._s.scalars(
                select(ToolSessionFileRow)
                .where(
                    ToolSessionFileRow.session_id == session_id,
                    ToolSessionFileRow.expires_at > func.now(),
                )
                .order_by(ToolSessionFileRow.created_at, ToolSessionFileRow.name)
            )
        )

    async def get(self, session_id: UUID, *, for_update: bool = False) -> ToolSessionRecord | None:
        statement = (
            select(ToolSessionRow, ToolRow.slug)
            .join(ToolRow, ToolRow.id == ToolSessionRow.tool_id)
            .where(ToolSessionRow.id == session_id)
        )
        if for_update:
            statement = statement.with_for_update(of=ToolSessionRow)
        found = (await self._s.execute(statement.execution_options(populate_existing=True))).first()
        if found is None:
            return None
        row, slug = found
        files = await self._files(session_id)
        return ToolSessionRecord(
            id=row.id,
            tool_id=row.tool_id,
            tool_slug=slug,
            tool_version_id=row.tool_version_id,
            user_id=row.user_id,
            env=RunEnv(row.env),
            state=dict(row.state),
            state_rev=row.state_rev,
            inputs=dict(row.inputs),
            pending_actions=list(row.pending_actions),
            snapshot=row.snapshot,
            files=[f.domain() for f in files],
            expires_at=row.expires_at,
        )

    async def get_view(self, session_id: UUID) -> ToolSessionView | None:
        found = (
            await self._s.execute(
                select(ToolSessionRow, ToolRow.slug, ToolRow.title)
                .join(ToolRow, ToolRow.id == ToolSessionRow.tool_id)
                .where(ToolSessionRow.id == session_id)
                .execution_options(populate_existing=True)
            )
        ).first()
        if found is None:
            return None
        row, slug, title = found
        files = await self._files(session_id)
        return ToolSessionView(
            id=row.id,
            user_id=row.user_id,
            tool_id=row.tool_id,
            tool_slug=slug,
            tool_title=title,
            env=RunEnv(row.env),
            status=ToolSessionStatus.ACTIVE
            if row.expires_at > utcnow()
            else ToolSessionStatus.EXPIRED,
            state_rev=row.state_rev,
            pending_actions=list(row.pending_actions),
            files=[f.domain() for f in files],
            last_run_id=row.last_run_id,
            created_at=row.created_at,
            updated_at=row.updated_at,
            expires_at=row.expires_at,
            state=dict(row.state),
            inputs=dict(row.inputs),
        )

    async def has_active_run(self, session_id: UUID) -> bool:
        found = await self._s.scalar(
            select(RunRow.id)
            .where(
                RunRow.session_id == session_id,
                RunRow.status.in_((RunStatus.QUEUED.value, RunStatus.RUNNING.value)),
            )
            .limit(1)
        )
        return found is not None

    async def touch(self, session_id: UUID, expires_at: datetime) -> None:
        row = await self._s.get(ToolSessionRow, session_id)
        if row is not None:
            row.expires_at = expires_at
            row.updated_at = utcnow()
        files = await self._files(session_id)
        for f in files:
            f.expires_at = expires_at
        await self._s.flush()


_SAVED_SETTINGS = text(
    "SELECT s.values AS saved FROM tool_settings s "
    "WHERE s.user_id = :user_id AND s.tool_id = :tool_id"
)


class ReadPoolSavedSettings:
    def __init__(self, reads: ReadPool) -> None:
        self._reads = reads

    async def get(self, user_id: UUID, tool_id: UUID) -> dict[str, Any] | None:
        row = (
            await self._reads.execute(_SAVED_SETTINGS, {"user_id": user_id, "tool_id": tool_id})
        ).first()
        return dict(row.saved) if row is not None else None


class SqlToolSettingsRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def put(self, user_id: UUID, tool_id: UUID, values: dict[str, Any], at: datetime) -> None:
        statement = pg_insert(ToolSettingsRow).values(
            user_id=user_id, tool_id=tool_id, values=values, updated_at=at
        )
        await self._s.execute(
            statement.on_conflict_do_update(
                index_elements=["user_id", "tool_id"],
                set_={"values": statement.excluded["values"], "updated_at": at},
            )
        )
