"""Export: everything stored about a person as a ZIP (JSON + the original files), streamed.

The user exports their own data; an admin exports anyone's, audited. The archive is built
while it is sent: runs are read a page at a time and files copied a chunk at a time."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any
from uuid import UUID

from skriptoteket.application.audit import Audit
from skriptoteket.application.identity.users import require_admin
from skriptoteket.domain.errors import NotFound
from skriptoteket.domain.users import Principal
from skriptoteket.protocols.files import FileStore
from skriptoteket.protocols.privacy import ExportReads
from skriptoteket.protocols.uow import UnitOfWork

from .zipstream import ZipStream

CHUNK = 256 * 1024
RUNS_PER_PAGE = 100

README = """\
Skriptoteket - dina uppgifter / your data
=========================================

SVENSKA
Det här arkivet innehåller allt Skriptoteket har sparat om dig när det skapades.
  profile.json           ditt konto: e-post, namn, roll, när det skapades och senaste inloggning
  tokens.json            dina åtkomsttoken: namn, prefix och tider (aldrig hemligheten)
  sign_in_sessions.json  dina inloggningar som pågår: tider, IP-adress, webbläsare
  known_devices.json     när en webbläsare blev känd för ditt konto (skydd mot gissade lösenord)
  tool_settings.json     inställningar du sparat per verktyg
  favorites.json         dina favoritverktyg
  suggestions.json       verktyg du föreslagit och beslutet om dem
  erasure_requests.json  din begäran om radering, om du gjort en
  audit_events.json      händelser i granskningsloggen som du gjort eller som gäller ditt konto
  tool_sessions/<id>/session.json  pågående verktygssessioner: tillstånd, indata, åtgärder
  tool_sessions/<id>/files/        filerna i sessionen (uppladdade eller skapade av verktyget)
  runs/<id>/run.json     en körning: verktyg, tider, status, dina indata, resultatet och loggen
                         så länge de finns kvar (content_expired = true: innehållet har raderats
                         enligt lagringstiden, bara uppgifterna om körningen finns kvar)
  runs/<id>/inputs/      filerna du laddade upp till körningen, om de finns kvar
  runs/<id>/artifacts/   filerna verktyget skapade, om de finns kvar
Alla tider är i UTC (ISO 8601). JSON-filerna är UTF-8.

ENGLISH
This archive holds everything Skriptoteket had stored about you when it was made.
  profile.json           your account: e-mail, name, role, when it was created, last sign-in
  tokens.json            your access tokens: name, prefix and times (never the secret)
  sign_in_sessions.json  your open sign-ins: times, IP address, browser
  known_devices.json     when a browser became known for your account (against password guessing)
  tool_settings.json     settings you saved per tool
  favorites.json         your favourite tools
  suggestions.json       tools you suggested and the decision on them
  erasure_requests.json  your request to be erased, if you made one
  audit_events.json      audit log events you caused or that concern your account
  tool_sessions/<id>/session.json  open tool sessions: state, inputs, pending actions
  tool_sessions/<id>/files/        the session's files (uploaded or made by the tool)
  runs/<id>/run.json     one run: tool, times, status, your inputs, its result and log while
                         they are kept (content_expired = true: the content was deleted after
                         the retention period; only the facts about the run remain)
  runs/<id>/inputs/      the files you uploaded to the run, while they are kept
  runs/<id>/artifacts/   the files the tool made, while they are kept
All times are UTC (ISO 8601). The JSON files are UTF-8.
"""


class AuthorizeExport:
    """Whether `actor` may export `user_id`'s data (themselves, or any user as an admin, which
    is audited). Raises NotFound for an unknown user."""

    def __init__(self, uow: UnitOfWork, reads: ExportReads, audit: Audit) -> None:
        self._uow = uow
        self._reads = reads
        self._audit = audit

    async def __call__(self, actor: Principal, user_id: UUID) -> None:
        if user_id != actor.id:
            require_admin(actor)
        async with self._uow:
            if await self._reads.profile(user_id) is None:
                raise NotFound("Användaren finns inte.")
            await self._audit.record(
                "user.exported", actor=actor, subject_type="user", subject_id=user_id
            )
            await self._uow.commit()


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=2, default=str).encode()


def _safe(name: str) -> str:
    """A file name as one safe path segment inside the archive."""
    cleaned = re.sub(r"[/\\\x00-\x1f]", "_", name).lstrip(".") or "fil"
    return cleaned[:200]


async def export_archive(
    reads: ExportReads, files: FileStore, user_id: UUID, *, made_at: datetime
) -> AsyncIterator[bytes]:
    """The ZIP of everything stored about `user_id`, piece by piece."""
    archive = ZipStream()
    yield archive.add("README.txt", README.encode())
    yield archive.add(
        "profile.json",
        _json({"exported_at": made_at, "user": await reads.profile(user_id)}),
    )
    tables = await reads.tables(user_id)
    for name, records in tables.items():
        if name != "tool_sessions":
            yield archive.add(f"{name}.json", _json(records))
    for session in tables["tool_sessions"]:
        folder = f"tool_sessions/{session['id']}"
        for f in session["files"]:
            path = f"{folder}/files/{f['id']}-{_safe(f['name'])}"
            async for piece in _copy(archive, files, f.pop("store_key"), path, f):
                yield piece
        yield archive.add(f"{folder}/session.json", _json(session))
    async for page in reads.runs(user_id, RUNS_PER_PAGE):
        for run in page:
            async for piece in _run(archive, files, run):
                yield piece
    yield archive.close()


async def _run(archive: ZipStream, files: FileStore, run: dict[str, Any]) -> AsyncIterator[bytes]:
    folder = f"runs/{run['id']}"
    request = run.pop("request") or {}
    inputs = []
    keys = {f.get("name"): f.get("key") for f in request.get("input_files") or []}
    keys |= request.get("input_keys") or {}  # the stored request's name -> FileStore key
    for name, key in keys.items():
        entry: dict[str, Any] = {"name": name, "file": None}
        if key:
            path = f"{folder}/inputs/{_safe(str(name))}"
            async for piece in _copy(archive, files, str(key), path, entry):
                yield piece
        inputs.append(entry)
    for artifact in run["artifacts"]:
        path = f"{folder}/artifacts/{artifact['id']}-{_safe(artifact['name'])}"
        async for piece in _copy(archive, files, artifact.pop("store_key"), path, artifact):
            yield piece
    run["content_expired"] = run["content_expired_at"] is not None
    run["request"] = {"payload": request.get("payload"), "input_files": inputs}
    yield archive.add(f"{folder}/run.json", _json(run))


async def _copy(
    archive: ZipStream, files: FileStore, key: str, path: str, record: dict[str, Any]
) -> AsyncIterator[bytes]:
    """Copy a stored file into the archive at `path`, yielding the archive's pieces; `record`
    says where it went (`file`: null when retention already took it)."""
    record["file"] = None
    try:
        reader = await files.open(key)
    except NotFound:
        return
    record["file"] = path
    try:
        with archive.member(path) as out:
            while chunk := await asyncio.to_thread(reader.read, CHUNK):
                out.write(chunk)
                yield archive.take()
        yield archive.take()
    finally:
        reader.close()
