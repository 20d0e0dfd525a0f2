"""The runner's pure parts: bounded log capture, the staged /work archive, the capped and
link-refusing collection of /work/output, and the local file store."""

from __future__ import annotations

import io
import tarfile
import uuid
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from skriptoteket.domain.errors import InvalidInput, PayloadTooLarge
from skriptoteket.infrastructure.files.local import LocalFileStore
from skriptoteket.infrastructure.runner.archive import (
    TOOL_UID,
    OutputCaps,
    UnsafeName,
    collect_output,
    read_single_file,
    stage_archive,
)
from skriptoteket.infrastructure.runner.logs import HeadTail
from skriptoteket.protocols.runner import RunSpec

CAPS = OutputCaps(max_files=3, max_bytes=100, max_entries=10)


@given(st.lists(st.binary(max_size=300), max_size=40), st.integers(1, 500), st.integers(0, 200))
def test_head_tail_keeps_the_first_and_last_bytes_within_its_cap(chunks, total, head) -> None:
    capture = HeadTail(total, head=head)
    for chunk in chunks:
        capture.feed(chunk)
    everything = b"".join(chunks)
    text = capture.text()
    if len(everything) <= total:
        assert text == everything.decode("utf-8", "replace")
    else:
        kept_head = everything[: min(head, total)]
        kept_tail = (
            everything[len(everything) - (total - min(head, total)) :] if total > head else b""
        )
        assert text.startswith(kept_head.decode("utf-8", "replace")[: max(0, len(kept_head) - 3)])
        assert text.endswith(kept_tail.decode("utf-8", "replace")[3:])
        assert (
            f"[... {len(everything) - len(kept_head) - len(kept_tail)} bytes left out ...]" in text
        )


def tar_of(*entries: tuple[str, str, bytes]) -> list[bytes]:
    """A tar stream as the engine sends it, in small chunks; entries are (name, type, data)."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        tar.addfile(_dir("output"))
        for name, kind, data in entries:
            info = tarfile.TarInfo(name)
            if kind == "file":
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
                continue
            info.type = {
                "dir": tarfile.DIRTYPE,
                "symlink": tarfile.SYMTYPE,
                "hardlink": tarfile.LNKTYPE,
                "fifo": tarfile.FIFOTYPE,
                "char": tarfile.CHRTYPE,
            }[kind]
            info.linkname = data.decode()
            tar.addfile(info)
    raw = buffer.getvalue()
    return [raw[i : i + 700] for i in range(0, len(raw), 700)]


def _dir(name: str) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type = tarfile.DIRTYPE
    return info


def collect(chunks: list[bytes]) -> tuple[dict[str, bytes], str | None]:
    stored: dict[str, bytes] = {}
    collected = collect_output(
        chunks, CAPS, lambda path, reader, size: stored.__setitem__(path, reader.read())
    )
    return stored, collected.error


def test_regular_files_in_subdirectories_are_collected_byte_for_byte() -> None:
    stored, error = collect(
        tar_of(
            ("output/a.txt", "file", b"a" * 10),
            ("output/sub", "dir", b""),
            ("output/sub/b.bin", "file", bytes(range(50))),
        )
    )
    assert error is None
    assert stored == {"a.txt": b"a" * 10, "sub/b.bin": bytes(range(50))}


@pytest.mark.parametrize(
    ("entry", "words"),
    [
        (("output/link", "symlink", b"/etc/passwd"), "is a link"),
        (("output/hard", "hardlink", b"output/a.txt"), "is a link"),
        (("output/pipe", "fifo", b""), "special file"),
        (("output/dev", "char", b""), "special file"),
        (("output/../escape", "file", b"x"), "not a plain relative path"),
        (("/etc/cron.d/x", "file", b"x"), "unexpected entry"),
    ],
)
def test_links_special_files_and_escaping_paths_stop_the_collection(entry, words) -> None:
    _, error = collect(tar_of(("output/a.txt", "file", b"a"), entry))
    assert error is not None and words in error


def test_the_count_the_size_and_the_entry_caps_stop_the_collection() -> None:
    four = [(f"output/{i}", "file", b"x") for i in range(4)]
    assert "more than 3 files" in (collect(tar_of(*four))[1] or "")
    big = [("output/a", "file", b"x" * 60), ("output/b", "file", b"x" * 60)]
    assert "exceed 100 bytes" in (collect(tar_of(*big))[1] or "")
    dirs = [(f"output/d{i}", "dir", b"") for i in range(11)]
    assert "more than 10 entries" in (collect(tar_of(*dirs))[1] or "")


def test_a_garbled_archive_is_an_error_not_a_crash() -> None:
    assert collect([b"not a tar at all" * 100])[1] is not None


def test_result_json_is_read_only_within_its_cap() -> None:
    chunks = tar_of(("result.json", "file", b'{"status": "succeeded"}'))
    # tar_of adds an "output" directory first; read_single_file wants the file first.
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        info = tarfile.TarInfo("result.json")
        info.size = 30
        tar.addfile(info, io.BytesIO(b"x" * 30))
    assert read_single_file([buffer.getvalue()], 30) == (b"x" * 30, None)
    data, problem = read_single_file([buffer.getvalue()], 29)
    assert data is None and "larger than 29" in (problem or "")
    assert read_single_file(chunks, 100)[1] == "not a regular file"


def test_the_stage_archive_makes_tool_files_root_owned_and_read_only(tmp_path: Path) -> None:
    upload = tmp_path / "elever.csv"
    upload.write_bytes(b"a,b\n")
    spec = RunSpec(
        run_id=uuid.uuid4(),
        attempt=1,
        source_files={"main.py": "x", "lib/util.py": "y"},
        request_json=b"{}",
        input_files={"elever.csv": upload},
    )
    archive, staged = stage_archive(spec)
    with archive, tarfile.open(fileobj=archive) as tar:
        members = {m.name: m for m in tar.getmembers()}
    assert staged == 1 + 1 + 4 + 2
    assert {
        "tool/main.py",
        "tool/lib",
        "tool/lib/util.py",
        "input/elever.csv",
        "request.json",
    } <= set(members)
    for name in ("tool/main.py", "tool/lib/util.py", "input/elever.csv", "request.json"):
        assert (members[name].uid, members[name].mode) == (0, 0o444)
    assert (members["result.json"].uid, members["result.json"].mode) == (TOOL_UID, 0o644)
    assert "output" not in members
    assert (members["."].uid, members["."].mode) == (0, 0o1777)


@pytest.mark.parametrize("name", ["../main.py", "/etc/x", "a//b", "", "lib/../../x"])
def test_unsafe_source_names_are_refused(name: str) -> None:
    spec = RunSpec(run_id=uuid.uuid4(), attempt=1, source_files={name: "x"}, request_json=b"{}")
    with pytest.raises(UnsafeName):
        stage_archive(spec)


async def test_the_file_store_keeps_bytes_under_their_cap_and_refuses_more(tmp_path: Path) -> None:
    store = LocalFileStore(tmp_path)
    saved = await store.put("runs/r1/output/a.bin", io.BytesIO(b"12345"), max_bytes=5)
    assert (saved.bytes, await store.read("runs/r1/output/a.bin")) == (5, b"12345")
    assert store.local_path("runs/r1/output/a.bin").read_bytes() == b"12345"
    with pytest.raises(PayloadTooLarge):
        await store.put("runs/r1/output/b.bin", io.BytesIO(b"123456"), max_bytes=5)
    assert not store.local_path("runs/r1/output/b.bin").exists()
    assert list(store.local_path("runs/r1/output").iterdir()) == [
        store.local_path("runs/r1/output/a.bin")
    ]
    with await store.open("runs/r1/output/a.bin") as reader:
        assert reader.read() == b"12345"
    await store.delete("runs/r1/")
    assert not store.local_path("runs/r1").exists()
    with pytest.raises(InvalidInput):
        store.local_path("../outside")
