"""The content check of a version or a sandbox snapshot (sources compiled, manifest validated),
run in the CPU pool and once per content.

Compiling 512 KiB of Python takes the better part of a second of CPU, so it never runs on the
event loop: `check_content` sends it to the pool. Its answer (the checked manifest, or the
errors) is remembered by the content's hash, so a snapshot sent again (every sandbox run of an
unchanged draft, or twice within one multipart request) is not compiled again.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

from skriptoteket.domain.catalog import content_hash
from skriptoteket.domain.errors import FieldError, InvalidInput, PayloadTooLarge
from skriptoteket.domain.tool_sources import check_sources
from skriptoteket.protocols.cpu import CpuPool, CpuTimeout

from .manifest import check_manifest, entrypoint_file

_REMEMBERED = 64
T = TypeVar("T")

# What a check answered, as plain data (it crosses a process boundary): the checked manifest,
# or the field errors, or the too-large message and code.
Outcome = tuple[dict[str, Any] | None, list[FieldError] | None, tuple[str, str] | None]
_outcomes: OrderedDict[str, Outcome] = OrderedDict()


class InlineCpu:
    """A CpuPool that runs the step in the caller (unit tests with fakes)."""

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        return fn(*args)


def checked_content(manifest: Any, files: dict[str, str]) -> dict[str, Any]:
    """Every check that needs no database, all errors at once (413 first: nothing else matters
    about content that is too large)."""
    errors: list[FieldError] = []
    try:
        check_sources(files)
    except InvalidInput as exc:
        errors.extend(exc.errors)
    checked: dict[str, Any] = {}
    try:
        checked = check_manifest(manifest)
    except InvalidInput as exc:
        errors.extend(exc.errors)
    else:
        entry = entrypoint_file(checked)
        if entry not in files:
            errors.append(
                FieldError(
                    "$.manifest.entrypoint",
                    "entrypoint_missing",
                    f"The entrypoint file {entry} is not among the files.",
                )
            )
    if not files:
        errors.append(FieldError("$.files", "required", "A version needs at least one file."))
    if errors:
        raise InvalidInput(errors)
    return checked


def outcome_of(manifest: Any, files: dict[str, str]) -> Outcome:
    """checked_content, its errors returned instead of raised (runs in the pool)."""
    try:
        return checked_content(manifest, files), None, None
    except InvalidInput as error:
        return None, list(error.errors), None
    except PayloadTooLarge as error:
        return None, None, (error.message, error.code)


async def check_content(cpu: CpuPool, manifest: Any, files: dict[str, str]) -> dict[str, Any]:
    """checked_content in the pool (or remembered): the checked manifest, else its error."""
    key = _key(manifest, files)
    outcome = _remembered(key)
    if outcome is None:
        try:
            outcome = await cpu.run(outcome_of, manifest, files)
        except CpuTimeout:
            raise InvalidInput(
                [
                    FieldError(
                        "$.files",
                        "too_complex",
                        "The source files could not be checked in time; make them smaller.",
                    )
                ]
            ) from None
        _remember(key, outcome)
    return _replay(outcome)


async def precheck_snapshot(cpu: CpuPool, snapshot: object) -> None:
    """Check a sandbox snapshot `{manifest, files}` in the pool ahead of the synchronous
    check_content_once, which then finds it remembered (a malformed shape is left to it)."""
    if not isinstance(snapshot, dict):
        return
    files = snapshot.get("files")
    if isinstance(files, dict) and all(
        isinstance(k, str) and isinstance(v, str) for k, v in files.items()
    ):
        await check_content(cpu, snapshot.get("manifest"), files)


def check_content_once(manifest: Any, files: dict[str, str]) -> dict[str, Any]:
    """checked_content, here, unless the same content was checked before (then remembered)."""
    key = _key(manifest, files)
    outcome = _remembered(key)
    if outcome is None:
        outcome = outcome_of(manifest, files)
        _remember(key, outcome)
    return _replay(outcome)


def _key(manifest: Any, files: dict[str, str]) -> str | None:
    try:
        return content_hash(manifest, files)
    except (TypeError, ValueError):  # not JSON-shaped: the check itself says what is wrong
        return None


def _remembered(key: str | None) -> Outcome | None:
    if key is None or key not in _outcomes:
        return None
    _outcomes.move_to_end(key)
    return _outcomes[key]


def _remember(key: str | None, outcome: Outcome) -> None:
    if key is not None:
        _outcomes[key] = outcome
        while len(_outcomes) > _REMEMBERED:
            _outcomes.popitem(last=False)


def _replay(outcome: Outcome) -> dict[str, Any]:
    checked, errors, too_large = outcome
    if too_large is not None:
        raise PayloadTooLarge(too_large[0], code=too_large[1])
    if errors is not None:
        raise InvalidInput(errors)
    assert checked is not None
    return checked
