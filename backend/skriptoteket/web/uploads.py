"""multipart/form-data read as it arrives: text parts (JSON) into memory within a small cap,
file parts straight into the file store, checked on the way.

Litestar's own form parsing holds the whole body in memory, so the routes that take uploads
read `request.stream()` themselves through a push parser (the `multipart` package). Every file
part is checked as soon as its headers arrive (a known file field, an accepted extension, the
count) and again when its first bytes arrive (content sniffing against `accept`); its size is
counted chunk by chunk and the upload stops at the first byte over a limit. Anything wrong
aborts the whole request and removes every file it stored: nothing is half-kept.

Slow clients: each chunk must arrive within `idle_s`, the whole body within `total_s`.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import time
import unicodedata
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import msgspec
from multipart import (
    MultipartError,
    MultipartSegment,
    ParserLimitReached,
    PushMultipartParser,
    parse_options_header,
)

from skriptoteket.application.runs.uploads import Upload, media_type_of, unique_name
from skriptoteket.contract import SNIFF_BYTES, FileField, Limits, content_matches
from skriptoteket.contract.sniff import content_refusal, extension_of
from skriptoteket.domain.errors import (
    DomainError,
    FieldError,
    InvalidInput,
    PayloadTooLarge,
    RequestTimeout,
    UnsupportedMediaType,
)
from skriptoteket.domain.names import visible_name
from skriptoteket.domain.runs import ToolSessionFile
from skriptoteket.protocols.files import FileStore, FileWriter

from .json_bodies import MalformedBody, check_json

MAX_NAME_BYTES = 200
_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')


def safe_file_name(raw: str) -> str:
    """A name that is safe to stage as /work/input/<name> and to show: the last path segment,
    no control or reserved characters, no leading dots, at most MAX_NAME_BYTES of UTF-8
    (the extension kept). `../../etc/passwd` becomes `passwd`."""
    name = unicodedata.normalize("NFC", raw).replace("\\", "/").rsplit("/", 1)[-1]
    name = visible_name(_UNSAFE.sub("_", name)).lstrip(". ")
    if not name:
        return "fil"
    if len(name.encode()) > MAX_NAME_BYTES:
        ext = extension_of(name)
        ext = ext if len(ext.encode()) <= 20 else ""
        stem = name[: len(name) - len(ext)] if ext else name
        while len((stem + ext).encode()) > MAX_NAME_BYTES:
            stem = stem[:-1]
        name = stem.rstrip(". ") + ext
    return name or "fil"


@dataclass(frozen=True, slots=True)
class FormPolicy:
    """What one form may contain."""

    text_parts: Mapping[str, int]  # allowed text part names -> their byte cap
    # The file fields, known once the text parts before the first file have arrived (the
    # sandbox's manifest and an action's form come in a text part): None while unknown.
    file_fields: Callable[[Mapping[str, Any]], Awaitable[Mapping[str, FileField]]]
    limits: Limits
    key_prefix: str  # where the files go in the store, e.g. sessions/<id>/
    taken_names: frozenset[str] = frozenset()  # names already in the session
    idle_s: float = 30.0
    total_s: float = 300.0

    @property
    def max_parts(self) -> int:
        return self.limits.upload_files + len(self.text_parts) + 1


@dataclass(slots=True)
class ReceivedForm:
    text: dict[str, Any] = field(default_factory=dict)  # parsed JSON of each text part
    upload: Upload = field(default_factory=Upload)


def bad_request(message: str, code: str = "bad_request") -> DomainError:
    return DomainError(message, code=code)


def boundary_of(content_type: str) -> str:
    kind, options = parse_options_header(content_type or "")
    if kind != "multipart/form-data":
        raise UnsupportedMediaType("Send multipart/form-data or application/json.")
    boundary = options.get("boundary", "")
    if not boundary or len(boundary) > 200:
        raise bad_request("The multipart boundary is missing.")
    return str(boundary)


async def _chunks(
    stream: AsyncIterator[bytes], idle_s: float, total_s: float
) -> AsyncIterator[bytes]:
    deadline = time.monotonic() + total_s
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise RequestTimeout("The upload took too long; try again on a better connection.")
        try:
            chunk = await asyncio.wait_for(anext(stream), timeout=min(idle_s, left))
        except StopAsyncIteration:
            return
        except TimeoutError:
            raise RequestTimeout("The upload stalled; try again on a better connection.") from None
        if chunk:
            yield chunk


class _Receiving:
    """A file part's bytes on their way into the store: counted against its cap, the first
    bytes checked against its field's accept list. `file` is the session file it becomes,
    decided when the part's headers arrived; its size and hash come with `commit`."""

    def __init__(self, file: ToolSessionFile, field_: FileField, writer: FileWriter, cap: int):
        self.file = file
        self.field = field_
        self.writer = writer
        self.cap = cap
        self.size = 0
        self.head = b""
        self.sniffed = False

    async def write(self, chunk: bytes) -> None:
        if self.size + len(chunk) > self.cap:
            raise PayloadTooLarge(
                f"{self.file.name} is larger than {self.cap} bytes.", code="file_too_large"
            )
        self.size += len(chunk)
        if not self.sniffed:
            self.head += chunk[: SNIFF_BYTES - len(self.head)]
            if len(self.head) >= SNIFF_BYTES:
                self._check_content()
        await self.writer.write(chunk)

    async def commit(self) -> ToolSessionFile:
        if not self.sniffed:
            self._check_content()
        stored = await self.writer.commit()
        return replace(self.file, bytes=stored.bytes, sha256=stored.sha256)

    def _check_content(self) -> None:
        self.sniffed = True
        name = self.file.name
        if self.field.accept and not content_matches(extension_of(name), self.head):
            raise InvalidInput(
                [
                    FieldError(
                        self.field.name,
                        "invalid_content",
                        content_refusal(name, extension_of(name)),
                    )
                ]
            )


async def read_form(
    content_type: str,
    stream: AsyncIterator[bytes],
    store: FileStore,
    policy: FormPolicy,
    content_length: int = -1,
) -> ReceivedForm:
    """The form, with its files committed to the store under policy.key_prefix; on any error
    every file of this request is removed and the error raised."""
    boundary = boundary_of(content_type)
    written: list[str] = []
    try:
        return await _read(boundary, stream, store, policy, content_length, written)
    except MultipartError as exc:
        await _remove(store, written)
        raise translate_parser_error(exc) from None
    except BaseException:
        await _remove(store, written)
        raise


async def _remove(store: FileStore, keys: list[str]) -> None:
    for key in keys:
        with contextlib.suppress(Exception):
            await store.delete(key)


async def remove_upload(store: FileStore, upload: Upload) -> None:
    """Remove an upload's files again (the run they came with was not created)."""
    await _remove(store, [f.store_key for f in upload.files])


async def _read(
    boundary: str,
    stream: AsyncIterator[bytes],
    store: FileStore,
    policy: FormPolicy,
    content_length: int,
    written: list[str],
) -> ReceivedForm:
    form = ReceivedForm()
    current: _Receiving | None = None
    text_name: str | None = None
    text_buffer = bytearray()
    seen_text: set[str] = set()
    per_field: dict[str, int] = {}
    total = 0
    taken = set(policy.taken_names)
    fields: Mapping[str, FileField] | None = None
    try:
        with PushMultipartParser(
            boundary,
            content_length=content_length,
            max_header_size=4096,
            max_header_count=8,
            max_segment_count=policy.max_parts,
            # Lenient only about what follows the closing boundary (some clients send a CRLF
            # in a chunk of its own); reading stops at the closing boundary anyway.
            strict=False,
        ) as parser:
            async for chunk in _chunks(stream, policy.idle_s, policy.total_s):
                for event in parser.parse(chunk):
                    if isinstance(event, MultipartSegment):
                        if event.filename is None:
                            text_name = _start_text(event, policy, seen_text)
                            text_buffer.clear()
                            continue
                        if fields is None:
                            fields = await policy.file_fields(form.text)
                        current = _start_file(
                            event, fields, policy, store, per_field, len(form.upload.files), taken
                        )
                        written.append(current.file.store_key)
                    elif isinstance(event, bytes | bytearray):
                        if current is not None:
                            total += len(event)
                            if total > policy.limits.upload_total_bytes:
                                raise PayloadTooLarge(
                                    "The files are larger than "
                                    f"{policy.limits.upload_total_bytes} bytes together.",
                                    code="upload_too_large",
                                )
                            await current.write(bytes(event))
                        elif text_name is not None:
                            text_buffer.extend(event)
                            if len(text_buffer) > policy.text_parts[text_name]:
                                raise PayloadTooLarge(
                                    f"The part {text_name} is larger than "
                                    f"{policy.text_parts[text_name]} bytes.",
                                    code="part_too_large",
                                )
                    elif event is None:
                        if current is not None:
                            form.upload.files.append(await current.commit())
                            form.upload.heads[current.file.name] = current.head
                            current = None
                        elif text_name is not None:
                            form.text[text_name] = _json_part(text_name, bytes(text_buffer))
                            text_name = None
                if parser.closed:
                    break
        return form
    finally:
        if current is not None:
            with contextlib.suppress(Exception):
                await current.writer.abort()


def translate_parser_error(exc: MultipartError) -> DomainError:
    if isinstance(exc, ParserLimitReached):
        return PayloadTooLarge(
            f"The form has too many or too large parts: {exc}", code="too_many_parts"
        )
    return bad_request(f"The multipart body is malformed: {exc}", code="malformed_multipart")


def _start_text(event: MultipartSegment, policy: FormPolicy, seen: set[str]) -> str:
    name = event.name or ""
    if name not in policy.text_parts:
        raise InvalidInput(
            [
                FieldError(
                    name[:100] or "$",
                    "unknown_part",
                    "There is no such part (or a file part sent without a filename).",
                )
            ]
        )
    if name in seen:
        raise InvalidInput([FieldError(name, "duplicate_part", f"The part {name} is sent twice.")])
    seen.add(name)
    return name


def _start_file(
    event: MultipartSegment,
    fields: Mapping[str, FileField],
    policy: FormPolicy,
    store: FileStore,
    per_field: dict[str, int],
    received: int,
    taken: set[str],
) -> _Receiving:
    name = event.name or ""
    file_field = fields.get(name)
    if file_field is None:
        raise InvalidInput(
            [FieldError(name[:100] or "$", "unknown_field", "There is no such file field.")]
        )
    if received >= policy.limits.upload_files:
        raise InvalidInput(
            [FieldError("$", "too_many", f"At most {policy.limits.upload_files} files per run.")]
        )
    count = per_field.get(name, 0) + 1
    per_field[name] = count
    if file_field.max_files is not None and count > file_field.max_files:
        raise InvalidInput(
            [FieldError(name, "too_long", f"Upload at most {file_field.max_files}.")]
        )
    display = safe_file_name(event.filename or "")
    extension = extension_of(display)
    if file_field.accept and extension not in file_field.accept:
        raise InvalidInput(
            [
                FieldError(
                    name, "invalid_type", f"{display}: allowed are {', '.join(file_field.accept)}."
                )
            ]
        )
    display = unique_name(display, taken)
    taken.add(display)
    cap = policy.limits.upload_file_bytes
    if file_field.max_bytes is not None:
        cap = min(cap, file_field.max_bytes)
    file_id = uuid.uuid4()
    file = ToolSessionFile(
        id=file_id,
        field=file_field.name,
        name=display,
        bytes=0,
        media_type=media_type_of(display),
        sha256="",
        store_key=f"{policy.key_prefix}{file_id}",
    )
    return _Receiving(file, file_field, store.writer(file.store_key, max_bytes=cap), cap)


def _json_part(name: str, raw: bytes) -> Any:
    """A JSON text part, through the same guard as JSON bodies (400 malformed_body)."""
    what = f"The part {name[:40]}"
    check_json(raw, what)
    try:
        return msgspec.json.decode(raw)
    except (msgspec.DecodeError, RecursionError, ValueError, UnicodeDecodeError):
        raise MalformedBody(f"{what} is not valid JSON.") from None
