"""The result normalizer: what a tool returned, made safe to store and draw.

Deterministic and total: any input gives a RunResult within every limit of the table.
- Only a malformed envelope (not an object, no valid status, outputs/actions not lists, a bad
  state, duplicate action ids) is a `contract_violation`; a result larger than result_bytes
  or a state over its limits is an `output_limit`.
- Each invalid or unknown output becomes a system notice in its place; the run still succeeds.
- Every cap (text sizes, table rows/columns/cells, JSON depth and size, counts, the stored UI
  payload) truncates and says so in a system notice.
- Normalizing a normalized result changes nothing.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Collection, Mapping
from typing import Any, Final, get_args

import msgspec

from .errors import Issue
from .fields import Field
from .limits import DEFAULT_LIMITS, Limits
from .manifest import check_form
from .outputs import (
    IMAGE_EXTENSIONS,
    Cell,
    FileOutput,
    HtmlOutput,
    ImageOutput,
    JsonOutput,
    MarkdownOutput,
    NoticeOutput,
    Output,
    TableColumn,
    TableOutput,
)
from .run import (
    ACTION_ID_PATTERN,
    Action,
    Artifact,
    ClearState,
    ErrorCode,
    KeepState,
    ReplaceState,
    RunError,
    RunResult,
    StateChange,
)

ELLIPSIS: Final = "…"
TITLE_CHARS: Final = 200
LABEL_CHARS: Final = 200
MESSAGE_CHARS: Final = 8192
DETAIL_BYTES: Final = 64 * 1024
MAX_INT: Final = 2**63 - 1
ERROR_CODES: Final = frozenset(get_args(ErrorCode))
_ACTION_ID = re.compile(ACTION_ID_PATTERN)
# Room kept in the UI payload for the notices the normalizer itself adds.
_NOTICE_RESERVE: Final = 4 * 1024


class _Violation(Exception):
    """The envelope is malformed: the run fails with contract_violation."""


class _Invalid(Exception):
    """One output cannot be shown; it becomes a notice."""


class _TooLarge(Exception):
    """A part that cannot be truncated is over its limit: the run fails with output_limit."""


def normalize_result(
    raw: bytes | str | object,
    limits: Limits = DEFAULT_LIMITS,
    *,
    artifacts: Collection[str] | None = None,
) -> RunResult:
    """The normalized result of `raw` (result.json's bytes, or its decoded value).

    `artifacts` are the paths (relative to /work/output) the worker collected; when given,
    artifact labels and file/image outputs are checked against them.
    """
    try:
        data = _decode(raw, limits)
        return _Normalizer(limits, artifacts).result(data)
    except _Violation as problem:
        return _failed(
            "contract_violation", f"Verktygets resultat följer inte kontraktet: {problem}"
        )
    except _TooLarge as problem:
        return _failed("output_limit", f"Verktygets resultat är för stort: {problem}")
    except Exception as exc:  # a bug here must not lose the run: fail it plainly
        return _failed(
            "platform_error",
            "Resultatet kunde inte läsas.",
            detail=f"{type(exc).__name__} in normalize_result",
        )


def ui_payload_size(result: RunResult) -> int:
    """Bytes of the stored UI payload: the encoded {outputs, actions}."""
    return len(msgspec.json.encode({"outputs": result.outputs, "actions": result.actions}))


def _failed(code: str, message: str, *, detail: str | None = None) -> RunResult:
    return RunResult(
        status="failed",
        error=msgspec.convert({"code": code, "message": message, "detail": detail}, RunError),
    )


# --- decoding -------------------------------------------------------------------------------


def _decode(raw: bytes | str | object, limits: Limits) -> Any:
    if isinstance(raw, bytes | bytearray | memoryview):
        data = bytes(raw)
        if len(data) > limits.result_bytes:
            raise _TooLarge(f"result.json är större än {limits.result_bytes} byte.")
        # Invalid UTF-8 becomes U+FFFD instead of failing the whole result.
        text = data.decode("utf-8", "replace")
    elif isinstance(raw, str):
        text = raw
        if len(text.encode("utf-8", "surrogatepass")) > limits.result_bytes:
            raise _TooLarge(f"result.json är större än {limits.result_bytes} byte.")
    else:
        return raw
    return _parse(text, limits.json_depth + 8)


def _parse(text: str, max_depth: int, *, cut: bool = False) -> Any:
    try:
        return msgspec.json.decode(text)
    except (msgspec.DecodeError, RecursionError):
        pass
    # NaN and Infinity are not JSON, but Python's json module writes them: read them as null.
    # Lone surrogates (\ud800) are read too; the cleaning below replaces them.
    try:
        return json.loads(text, parse_constant=lambda _: None)
    except RecursionError as exc:
        if cut:
            raise _Violation("result.json är nästlad för djupt.") from exc
        return _parse(_cut_deep_nesting(text, max_depth), max_depth, cut=True)
    except ValueError as exc:
        raise _Violation("result.json är inte giltig JSON.") from exc


def _cut_deep_nesting(text: str, max_depth: int) -> str:
    """`text` with every array/object nested deeper than `max_depth` replaced by "…"; only
    used when the decoder gives up on the nesting."""
    out: list[str] = []
    depth = 0
    skip_from = -1  # the depth at which the skipped subtree started, -1 when not skipping
    in_string = escaped = False
    for char in text:
        if in_string:
            if skip_from < 0:
                out.append(char)
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
            continue
        if char == '"':
            in_string = True
            if skip_from < 0:
                out.append(char)
        elif char in "[{":
            depth += 1
            if skip_from < 0 and depth > max_depth:
                skip_from = depth
                out.append(f'"{ELLIPSIS}"')
            elif skip_from < 0:
                out.append(char)
        elif char in "]}":
            if skip_from < 0:
                out.append(char)
            elif depth == skip_from:
                skip_from = -1
            depth -= 1
        elif skip_from < 0:
            out.append(char)
    return "".join(out)


# --- cleaning values --------------------------------------------------------------------------


def _clean_text(text: str) -> str:
    """Text that encodes as UTF-8 and that PostgreSQL's jsonb accepts (no NUL)."""
    if "\x00" in text:
        text = text.replace("\x00", "\ufffd")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates
        text = text.encode("utf-8", "replace").decode("utf-8")
    return text


def _clean(value: Any, max_depth: int, on_cut: Callable[[], None], level: int = 0) -> Any:
    """A JSON-safe copy: finite numbers, clean text, string keys, nesting cut at max_depth."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str):
        return _clean_text(value)
    if isinstance(value, int):
        if -MAX_INT <= value <= MAX_INT:
            return value
        return _finite(float(value)) if abs(value) < 10**300 else None
    if isinstance(value, float):
        return _finite(value)
    if isinstance(value, list | tuple | dict):
        if level >= max_depth:
            on_cut()
            return ELLIPSIS
        if isinstance(value, dict):
            return {
                _clean_text(k if isinstance(k, str) else _text_of(k)): _clean(
                    v, max_depth, on_cut, level + 1
                )
                for k, v in value.items()
            }
        return [_clean(v, max_depth, on_cut, level + 1) for v in value]
    return _clean_text(_text_of(value))


def _finite(number: float) -> float | None:
    return number if math.isfinite(number) else None


def _text_of(value: object) -> str:
    try:
        return str(value)[:1000]
    except Exception:  # an object whose __str__ fails
        return type(value).__name__


def _cut_bytes(text: str, max_bytes: int) -> tuple[str, bool]:
    data = text.encode("utf-8")
    if len(data) <= max_bytes:
        return text, False
    room = max(0, max_bytes - len(ELLIPSIS.encode("utf-8")))
    return data[:room].decode("utf-8", "ignore") + ELLIPSIS, True


def _cut_chars(text: str, max_chars: int) -> tuple[str, bool]:
    if len(text) <= max_chars:
        return text, False
    return text[: max_chars - 1] + ELLIPSIS, True


def _kib(size: int) -> str:
    return f"{size // 1024} KiB" if size >= 1024 else f"{size} byte"


def _known(raw: Mapping[str, Any], struct: type[msgspec.Struct]) -> dict[str, Any]:
    """`raw` without the keys `struct` does not know (a newer toolkit's optional fields)."""
    known = set(struct.__struct_fields__)
    tag_field = struct.__struct_config__.tag_field
    return {k: v for k, v in raw.items() if k in known or k == tag_field}


def safe_artifact_path(path: object) -> bool:
    """Relative, inside /work/output: no leading /, no `..` or `.` segments, no backslash."""
    if not isinstance(path, str) or not 0 < len(path) <= 255:
        return False
    if path.startswith("/") or "\\" in path or "\x00" in path or ":" in path.split("/")[0]:
        return False
    return all(part not in {"", ".", ".."} for part in path.split("/"))


# --- the normalizer ---------------------------------------------------------------------------


class _Normalizer:
    def __init__(self, limits: Limits, artifacts: Collection[str] | None) -> None:
        self.limits = limits
        self.present = None if artifacts is None else frozenset(artifacts)

    def note(self, message: str) -> NoticeOutput:
        """A system notice: the platform speaking, not the tool."""
        text, _ = _cut_bytes(message, self.limits.notice_bytes)
        return NoticeOutput(level="warning", message=text, system=True)

    def result(self, data: Any) -> RunResult:
        if not isinstance(data, Mapping):
            raise _Violation("resultatet är inte ett objekt.")
        data = _clean(data, self.limits.json_depth + 8, lambda: None)
        contract = data.get("contract", 1)
        if contract != 1 or isinstance(contract, bool):
            raise _Violation(f"contract {str(contract)[:20]} stöds inte (bara 1).")
        status = data.get("status")
        if status not in ("succeeded", "failed"):
            raise _Violation("status måste vara succeeded eller failed.")
        raw_outputs = self._list(data, "outputs")
        raw_actions = self._list(data, "actions")
        raw_artifacts = self._list(data, "artifacts")
        if status == "failed":
            # A failed run shows its error and never changes state or pending actions.
            return RunResult(
                status="failed",
                error=self.error(data.get("error")),
                outputs=self.fit(self.outputs(raw_outputs), []),
            )
        state = self.state(data.get("state"))
        actions, action_notes = self.actions(raw_actions)
        outputs = self.outputs(raw_outputs) + action_notes
        artifacts, artifact_notes = self.artifacts(raw_artifacts)
        return RunResult(
            status="succeeded",
            outputs=self.fit(outputs + artifact_notes, actions),
            actions=actions,
            state=state,
            artifacts=artifacts,
        )

    @staticmethod
    def _list(data: Mapping[str, Any], key: str) -> list[Any]:
        value = data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise _Violation(f"{key} måste vara en lista.")
        return value

    # error ---------------------------------------------------------------------------------

    def error(self, raw: Any) -> RunError:
        if not isinstance(raw, Mapping) or raw.get("code") not in ERROR_CODES:
            raise _Violation("ett misslyckat resultat behöver error med en känd code.")
        message = raw.get("message")
        if not isinstance(message, str) or not message.strip():
            message = "Verktyget misslyckades."
        detail = raw.get("detail")
        line, column = raw.get("line"), raw.get("column")
        return RunError(
            code=raw["code"],
            message=_cut_chars(message, MESSAGE_CHARS)[0],
            # Keep the end of a long traceback: that is where the error is.
            detail=detail[-DETAIL_BYTES:] if isinstance(detail, str) else None,
            file=_cut_chars(raw["file"], 255)[0] if isinstance(raw.get("file"), str) else None,
            line=line if isinstance(line, int) and not isinstance(line, bool) else None,
            column=column if isinstance(column, int) and not isinstance(column, bool) else None,
        )

    # state ---------------------------------------------------------------------------------

    def state(self, raw: Any) -> StateChange:
        if raw is None:
            return KeepState()
        if not isinstance(raw, Mapping):
            raise _Violation("state måste vara ett objekt med mode.")
        mode = raw.get("mode")
        if mode == "keep":
            return KeepState()
        if mode == "clear":
            return ClearState()
        if mode != "replace" or not isinstance(raw.get("value"), Mapping):
            raise _Violation("state.mode måste vara keep, replace (med value-objekt) eller clear.")

        def too_deep() -> None:
            raise _TooLarge(f"state är nästlat djupare än {self.limits.json_depth} nivåer.")

        value = _clean(raw["value"], self.limits.json_depth, too_deep)
        size = len(msgspec.json.encode(value))
        if size > self.limits.state_bytes:
            raise _TooLarge(f"state är {_kib(size)}, högst {_kib(self.limits.state_bytes)}.")
        return ReplaceState(value=value)

    # actions -------------------------------------------------------------------------------

    def actions(self, raw_actions: list[Any]) -> tuple[list[Action], list[Output]]:
        ids = [a.get("id") for a in raw_actions if isinstance(a, Mapping)]
        seen: set[object] = set()
        for action_id in ids:
            if isinstance(action_id, str) and action_id in seen:
                raise _Violation(f"action-id {action_id[:64]} förekommer två gånger.")
            seen.add(action_id)
        notes: list[Output] = []
        if len(raw_actions) > self.limits.actions:
            notes.append(
                self.note(
                    f"Verktyget gav {len(raw_actions)} åtgärder; de första "
                    f"{self.limits.actions} visas."
                )
            )
        actions: list[Action] = []
        for index, raw in enumerate(raw_actions[: self.limits.actions]):
            action = self.action(raw)
            if action is None:
                notes.append(self.note(f"Åtgärd {index + 1} kunde inte visas: den är ogiltig."))
            else:
                actions.append(action)
        # Exactly one primary action: the first marked one, else the first.
        primary = next((i for i, a in enumerate(actions) if a.primary), 0)
        actions = [
            msgspec.structs.replace(a, primary=i == primary) if a.primary != (i == primary) else a
            for i, a in enumerate(actions)
        ]
        budget = self.limits.ui_payload_bytes // 2
        while actions and len(msgspec.json.encode(actions)) > budget:
            actions.pop()
            notes.append(self.note("En åtgärd togs bort: åtgärdernas formulär är för stora."))
        return actions, notes

    def action(self, raw: Any) -> Action | None:
        if not isinstance(raw, Mapping) or not isinstance(raw.get("id"), str):
            return None
        if not _ACTION_ID.match(raw["id"]):
            return None
        raw_fields = raw.get("fields", [])
        if not isinstance(raw_fields, list):
            return None
        issues: list[Issue] = []
        fields: list[Field] = check_form(raw_fields, "$", issues, limits=self.limits)
        if issues:
            return None
        try:
            shaped = msgspec.convert({**_known(raw, Action), "fields": []}, Action)
        except msgspec.ValidationError:
            return None
        return msgspec.structs.replace(shaped, fields=fields)

    # artifacts -----------------------------------------------------------------------------

    def artifacts(self, raw_artifacts: list[Any]) -> tuple[list[Artifact], list[Output]]:
        notes: list[Output] = []
        artifacts: list[Artifact] = []
        paths: set[str] = set()
        for raw in raw_artifacts:
            path = raw.get("path") if isinstance(raw, Mapping) else None
            if not safe_artifact_path(path):
                notes.append(
                    self.note("En fil i resultatet har en otillåten sökväg och visas inte.")
                )
                continue
            assert isinstance(path, str)
            if path in paths or (self.present is not None and path not in self.present):
                continue
            label = raw.get("label")
            artifact = Artifact(
                path=path,
                label=_cut_chars(label, LABEL_CHARS)[0] if isinstance(label, str) else None,
                promote=raw.get("promote") is True,
            )
            if len(artifacts) == self.limits.artifacts:
                notes.append(self.note(f"Högst {self.limits.artifacts} filer per körning visas."))
                break
            paths.add(path)
            artifacts.append(artifact)
        return artifacts, notes

    # outputs -------------------------------------------------------------------------------

    def outputs(self, raw_outputs: list[Any]) -> list[Output]:
        outputs: list[Output] = []
        for index, raw in enumerate(raw_outputs[: self.limits.outputs]):
            outputs.extend(self.output(index, raw))
        if len(raw_outputs) > self.limits.outputs:
            outputs.append(
                self.note(
                    f"Verktyget gav {len(raw_outputs)} utdata; de första "
                    f"{self.limits.outputs} visas."
                )
            )
        return outputs

    def output(self, index: int, raw: Any) -> list[Output]:
        """The output and any notice of what was cut; a notice in its place when invalid."""
        kind = raw.get("kind") if isinstance(raw, Mapping) else None
        shaper = self._shapers.get(kind) if isinstance(kind, str) else None
        if shaper is None:
            shown = (
                f"okänd sort ({_cut_chars(kind, 40)[0]})"
                if isinstance(kind, str)
                else "saknar kind"
            )
            return [self.note(f"Utdata {index + 1} kunde inte visas: {shown}.")]
        try:
            return shaper(self, raw)
        except (msgspec.ValidationError, _Invalid) as problem:
            return [self.note(f"Utdata {index + 1} ({kind}) kunde inte visas: {_reason(problem)}")]

    def notice_output(self, raw: Mapping[str, Any]) -> list[Output]:
        message = raw.get("message")
        if not isinstance(message, str):
            raise _Invalid("message saknas.")
        text, cut = _cut_bytes(message, self.limits.notice_bytes)
        shaped = msgspec.convert({**_known(raw, NoticeOutput), "message": text}, NoticeOutput)
        return [shaped, *self._cut_note(cut, "meddelandet", self.limits.notice_bytes)]

    def markdown_output(self, raw: Mapping[str, Any]) -> list[Output]:
        text, cut = self._text(raw, "markdown", self.limits.markdown_bytes)
        shaped = msgspec.convert({**_known(raw, MarkdownOutput), "markdown": text}, MarkdownOutput)
        return [shaped, *self._cut_note(cut, "texten", self.limits.markdown_bytes)]

    def html_output(self, raw: Mapping[str, Any]) -> list[Output]:
        text, cut = self._text(raw, "html", self.limits.html_bytes)
        shaped = msgspec.convert({**_known(raw, HtmlOutput), "html": text}, HtmlOutput)
        return [shaped, *self._cut_note(cut, "HTML-innehållet", self.limits.html_bytes)]

    def json_output(self, raw: Mapping[str, Any]) -> list[Output]:
        if "value" not in raw:
            raise _Invalid("value saknas.")
        depth_cut = False

        def on_cut() -> None:
            nonlocal depth_cut
            depth_cut = True

        value = _clean(raw["value"], self.limits.json_depth, on_cut)
        title = self._title(raw)
        shaped = msgspec.convert(
            {**_known(raw, JsonOutput), "value": None, "title": title}, JsonOutput
        )
        size = len(msgspec.json.encode(value))
        if size > self.limits.json_bytes:
            return [
                self.note(
                    f"JSON-utdata ({title or 'utan titel'}) är {_kib(size)}, större än "
                    f"{_kib(self.limits.json_bytes)}, och visas inte."
                )
            ]
        notes = (
            [self.note(f"JSON nästlad djupare än {self.limits.json_depth} nivåer kortades.")]
            if depth_cut
            else []
        )
        return [msgspec.structs.replace(shaped, value=value), *notes]

    def table_output(self, raw: Mapping[str, Any]) -> list[Output]:
        limits = self.limits
        raw_columns, raw_rows = raw.get("columns"), raw.get("rows")
        if not isinstance(raw_columns, list) or not isinstance(raw_rows, list):
            raise _Invalid("columns och rows måste vara listor.")
        notes: list[str] = []
        if len(raw_columns) > limits.table_columns:
            notes.append(f"de första {limits.table_columns} av {len(raw_columns)} kolumner visas")
        columns: list[TableColumn] = []
        for raw_column in raw_columns[: limits.table_columns]:
            if not isinstance(raw_column, Mapping):
                raise _Invalid("varje kolumn måste vara ett objekt.")
            column = _known(raw_column, TableColumn)
            label = column.get("label", column.get("key"))  # the key is label enough
            if isinstance(label, str):
                column["label"] = _cut_chars(label, TITLE_CHARS)[0]
            columns.append(msgspec.convert(column, TableColumn))
        keys = [column.key for column in columns]
        if len(set(keys)) != len(keys):
            raise _Invalid("två kolumner har samma key.")
        if len(raw_rows) > limits.table_rows:
            notes.append(f"de första {limits.table_rows} av {len(raw_rows)} rader visas")
        rows: list[dict[str, Cell]] = []
        cells_cut = False
        for raw_row in raw_rows[: limits.table_rows]:
            if not isinstance(raw_row, Mapping):
                raise _Invalid("varje rad måste vara ett objekt.")
            row: dict[str, Cell] = {}
            for key in keys:
                if key in raw_row:
                    row[key], cut = self._cell(raw_row[key])
                    cells_cut = cells_cut or cut
            rows.append(row)
        if cells_cut:
            notes.append(f"celler längre än {_kib(limits.table_cell_bytes)} kortades")
        title = self._title(raw)
        shaped = msgspec.convert(
            {**_known(raw, TableOutput), "columns": [], "rows": [], "title": title}, TableOutput
        )
        table = msgspec.structs.replace(shaped, columns=columns, rows=rows)
        name = f"Tabellen {title}" if title else "Tabellen"
        return [table, *([self.note(f"{name}: {'; '.join(notes)}.")] if notes else [])]

    def file_output(self, raw: Mapping[str, Any]) -> list[Output]:
        self._artifact(raw)
        label = raw.get("label")
        if isinstance(label, str):
            raw = {**raw, "label": _cut_chars(label, TITLE_CHARS)[0]}
        return [msgspec.convert(_known(raw, FileOutput), FileOutput)]

    def image_output(self, raw: Mapping[str, Any]) -> list[Output]:
        path = self._artifact(raw)
        if not path.lower().endswith(IMAGE_EXTENSIONS):
            raise _Invalid("en bild måste vara PNG, JPEG eller SVG.")
        alt = raw.get("alt")
        if isinstance(alt, str):
            raw = {**raw, "alt": _cut_chars(alt, 1000)[0]}
        return [msgspec.convert(_known(raw, ImageOutput), ImageOutput)]

    _shapers: Final[dict[str, Callable[[_Normalizer, Mapping[str, Any]], list[Output]]]] = {
        "notice": notice_output,
        "markdown": markdown_output,
        "html": html_output,
        "json": json_output,
        "table": table_output,
        "file": file_output,
        "image": image_output,
    }

    # helpers -------------------------------------------------------------------------------

    def _artifact(self, raw: Mapping[str, Any]) -> str:
        path = raw.get("artifact")
        if not safe_artifact_path(path):
            raise _Invalid("sökvägen till filen är otillåten.")
        assert isinstance(path, str)
        if self.present is not None and path not in self.present:
            raise _Invalid(f"filen {path} finns inte i output/.")
        return path

    @staticmethod
    def _text(raw: Mapping[str, Any], key: str, max_bytes: int) -> tuple[str, bool]:
        value = raw.get(key)
        if not isinstance(value, str):
            raise _Invalid(f"{key} saknas.")
        return _cut_bytes(value, max_bytes)

    @staticmethod
    def _title(raw: Mapping[str, Any]) -> str | None:
        title = raw.get("title")
        if title is None:
            return None
        if not isinstance(title, str):
            raise _Invalid("title måste vara text.")
        return _cut_chars(title, TITLE_CHARS)[0]

    def _cell(self, value: Any) -> tuple[Cell, bool]:
        if value is None or isinstance(value, bool | int | float):
            return value, False
        text = value if isinstance(value, str) else msgspec.json.encode(value).decode("utf-8")
        return _cut_bytes(text, self.limits.table_cell_bytes)

    def _cut_note(self, cut: bool, what: str, limit: int) -> list[Output]:
        return [self.note(f"Utdata kortades: {what} var längre än {_kib(limit)}.")] if cut else []

    # the stored payload ----------------------------------------------------------------------

    def fit(self, outputs: list[Output], actions: list[Action]) -> list[Output]:
        """{outputs, actions} within ui_payload_bytes and at most `outputs` items: a table that
        does not fit loses rows, any other output that does not fit becomes a notice."""
        limits = self.limits
        reserve = min(_NOTICE_RESERVE, limits.ui_payload_bytes // 4)
        budget = limits.ui_payload_bytes - reserve - len(msgspec.json.encode(actions))
        fitted: list[Output] = []
        used = 0

        def take(output: Output) -> bool:
            nonlocal used
            size = len(msgspec.json.encode(output)) + 1
            if used + size > budget:
                return False
            fitted.append(output)
            used += size
            return True

        for output in outputs:
            if take(output):
                continue
            if isinstance(output, TableOutput):
                shrunk = self._shrink(output, budget - used - 1024)
                if shrunk.rows and take(shrunk):
                    take(
                        self.note(
                            f"Tabellen visar {len(shrunk.rows)} rader: resultatet blev för stort."
                        )
                    )
                    continue
            if not take(self.note("Utdata visas inte: resultatet blev för stort.")):
                break
        if len(fitted) > limits.outputs:
            left_out = len(fitted) - (limits.outputs - 1)
            fitted = [
                *fitted[: limits.outputs - 1],
                self.note(f"{left_out} utdata till visas inte (högst {limits.outputs})."),
            ]
        return fitted

    @staticmethod
    def _shrink(table: TableOutput, room: int) -> TableOutput:
        """The table with as many leading rows as fit in `room` bytes (binary search)."""
        low, high = 0, len(table.rows)
        while low < high:
            middle = (low + high + 1) // 2
            candidate = msgspec.structs.replace(table, rows=table.rows[:middle])
            if len(msgspec.json.encode(candidate)) <= room:
                low = middle
            else:
                high = middle - 1
        return msgspec.structs.replace(table, rows=table.rows[:low])


def _reason(problem: Exception) -> str:
    text = str(problem)
    if isinstance(problem, msgspec.ValidationError):
        return f"{text}."
    return text
