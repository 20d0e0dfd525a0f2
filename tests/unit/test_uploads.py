"""The streaming multipart reader: files go to the store as they arrive, checked on the way;
any problem stops reading and leaves nothing behind."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from skriptoteket.contract import FileField, Limits
from skriptoteket.domain.errors import (
    DomainError,
    InvalidInput,
    PayloadTooLarge,
    RequestTimeout,
    UnsupportedMediaType,
)
from skriptoteket.infrastructure.files.local import LocalFileStore
from skriptoteket.web.uploads import FormPolicy, read_form, safe_file_name

BOUNDARY = "gr4nsen"
CONTENT_TYPE = f"multipart/form-data; boundary={BOUNDARY}"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100


def part(name: str, body: bytes, filename: str | None = None) -> bytes:
    disposition = f'form-data; name="{name}"'
    if filename is not None:
        disposition += f'; filename="{filename}"'
    return f"--{BOUNDARY}\r\nContent-Disposition: {disposition}\r\n\r\n".encode() + body + b"\r\n"


def body(*parts: bytes) -> bytes:
    return b"".join(parts) + f"--{BOUNDARY}--\r\n".encode()


class Feed:
    """The request body in chunks, counting how much of it the reader took."""

    def __init__(self, data: bytes, chunk: int = 1024, stall_after: int | None = None) -> None:
        self.data = data
        self.chunk = chunk
        self.stall_after = stall_after
        self.taken = 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for start in range(0, len(self.data), self.chunk):
            if self.stall_after is not None and start >= self.stall_after:
                await asyncio.sleep(3600)
            self.taken += 1
            yield self.data[start : start + self.chunk]


def fields_of(
    fields: Mapping[str, FileField],
) -> Callable[[object], Awaitable[Mapping[str, FileField]]]:
    async def file_fields(_: object) -> Mapping[str, FileField]:
        return fields

    return file_fields


def policy(**overrides: object) -> FormPolicy:
    fields = {
        "lista": FileField(name="lista", label="Lista", accept=[".csv"], max_bytes=4000),
        "bilaga": FileField(name="bilaga", label="Bilaga", max_files=2),
    }
    values: dict[str, object] = {
        "text_parts": {"inputs": 1000},
        "file_fields": fields_of(fields),
        "limits": Limits(upload_files=3, upload_total_bytes=20_000),
        "key_prefix": "sessions/s1/",
        "idle_s": 0.2,
        "total_s": 5.0,
    }
    values.update(overrides)
    return FormPolicy(**values)  # type: ignore[arg-type]


def stored(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


async def read(root: Path, feed: Feed, **overrides: object) -> object:
    store = LocalFileStore(root)
    return await read_form(CONTENT_TYPE, feed.__aiter__(), store, policy(**overrides))


async def test_text_and_files_arrive_with_safe_unique_names(tmp_path: Path) -> None:
    data = body(
        part("inputs", b'{"klass": "7A"}'),
        part("lista", b"Namn\nAda\n", "7A.csv"),
        part("bilaga", b"root:x:0:0", "../../etc/passwd"),
        part("bilaga", b"igen", "passwd"),
    )
    form = await read(tmp_path, Feed(data, chunk=7))
    assert form.text == {"inputs": {"klass": "7A"}}  # type: ignore[attr-defined]
    files = form.upload.files  # type: ignore[attr-defined]
    assert [(f.field, f.name, f.bytes) for f in files] == [
        ("lista", "7A.csv", 9),
        ("bilaga", "passwd", 10),
        ("bilaga", "passwd (2)", 4),
    ]
    assert (tmp_path / files[1].store_key).read_bytes() == b"root:x:0:0"
    assert all(f.store_key.startswith("sessions/s1/") for f in files)
    assert files[0].media_type == "text/csv"
    assert form.upload.heads[files[0].name] == b"Namn\nAda\n"  # type: ignore[attr-defined]


async def test_a_file_over_its_limit_stops_the_upload_at_once_and_keeps_nothing(
    tmp_path: Path,
) -> None:
    data = body(part("bilaga", b"ok", "a.txt"), part("lista", b"x" * 100_000, "stor.csv"))
    feed = Feed(data, chunk=1000)
    with pytest.raises(PayloadTooLarge):
        await read(tmp_path, feed)
    assert feed.taken <= 6  # the 4000-byte cap is passed in the fifth chunk: reading stops
    assert stored(tmp_path) == []


async def test_files_over_the_total_limit_are_refused(tmp_path: Path) -> None:
    data = body(
        *(part("bilaga", b"y" * 9000, f"{i}.txt") for i in range(2)),
        part("lista", b"z" * 3000, "c.csv"),
    )
    with pytest.raises(PayloadTooLarge):
        await read(tmp_path, Feed(data))
    assert stored(tmp_path) == []


async def test_a_png_renamed_to_csv_is_refused_by_its_content(tmp_path: Path) -> None:
    data = body(part("lista", PNG, "elever.csv"))
    with pytest.raises(InvalidInput) as caught:
        await read(tmp_path, Feed(data))
    assert [(e.field, e.code) for e in caught.value.errors] == [("lista", "invalid_content")]
    assert stored(tmp_path) == []


async def test_a_wrong_extension_is_refused_before_any_byte_is_stored(tmp_path: Path) -> None:
    data = body(part("lista", b"Namn\n", "elever.xlsx"))
    with pytest.raises(InvalidInput) as caught:
        await read(tmp_path, Feed(data))
    assert caught.value.errors[0].code == "invalid_type"
    assert stored(tmp_path) == []


@pytest.mark.parametrize(
    ("parts", "code"),
    [
        ((part("inputs", b"{}"), part("inputs", b"{}")), "duplicate_part"),
        ((part("okand", b"{}"),), "unknown_part"),
        ((part("klass", b"7A", "klass.txt"),), "unknown_field"),
        (tuple(part("bilaga", b"b", f"{i}.txt") for i in range(3)), "too_long"),
    ],
)
async def test_malformed_forms_are_refused_with_their_reason(
    tmp_path: Path, parts: tuple[bytes, ...], code: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        await read(tmp_path, Feed(body(*parts)))
    assert caught.value.errors[0].code == code
    assert stored(tmp_path) == []


async def test_more_files_than_a_run_takes_are_refused(tmp_path: Path) -> None:
    fields = {f"f{i}": FileField(name=f"f{i}", label="F") for i in range(10)}
    data = body(*(part(f"f{i}", b"a", f"{i}.txt") for i in range(10)))
    with pytest.raises((InvalidInput, PayloadTooLarge)):
        await read(tmp_path, Feed(data), file_fields=fields_of(fields))
    assert stored(tmp_path) == []


async def test_a_stalled_upload_times_out_and_keeps_nothing(tmp_path: Path) -> None:
    data = body(part("lista", b"Namn\n" * 600, "lista.csv"))
    with pytest.raises(RequestTimeout):
        await read(tmp_path, Feed(data, chunk=500, stall_after=1500))
    assert stored(tmp_path) == []


async def test_an_upload_slower_than_the_total_limit_times_out(tmp_path: Path) -> None:
    class Trickle(Feed):
        async def __aiter__(self) -> AsyncIterator[bytes]:
            for byte in self.data:
                await asyncio.sleep(0.05)
                yield bytes([byte])

    data = body(part("lista", b"Namn\n" * 100, "lista.csv"))
    with pytest.raises(RequestTimeout):
        await read(tmp_path, Trickle(data), idle_s=1.0, total_s=0.5)
    assert stored(tmp_path) == []


async def test_a_truncated_body_is_a_bad_request(tmp_path: Path) -> None:
    data = body(part("lista", b"Namn\nAda\n", "a.csv"))[:-30]
    with pytest.raises(DomainError) as caught:
        await read(tmp_path, Feed(data))
    assert caught.value.code == "malformed_multipart"
    assert stored(tmp_path) == []


async def test_only_multipart_form_data_is_read(tmp_path: Path) -> None:
    with pytest.raises(UnsupportedMediaType):
        await read_form("text/plain", Feed(b"x").__aiter__(), LocalFileStore(tmp_path), policy())


@given(st.text(max_size=300))
def test_any_name_becomes_a_safe_single_segment(raw: str) -> None:
    name = safe_file_name(raw)
    assert name and "/" not in name and "\\" not in name and "\x00" not in name
    assert not name.startswith(".") and name not in {".", ".."}
    assert len(name.encode()) <= 200


def test_path_names_keep_only_their_last_segment() -> None:
    assert safe_file_name("../../etc/passwd") == "passwd"
    assert safe_file_name("C:\\Users\\Ada\\elever 7A.csv") == "elever 7A.csv"
    assert safe_file_name("..") == "fil"
    assert safe_file_name("a" * 300 + ".csv").endswith(".csv")
