"""The local file store keeps pupils' files private: 0600 files in 0700 directories, whatever
the umask."""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path

from skriptoteket.infrastructure.files.local import LocalFileStore


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


async def test_files_are_0600_and_their_directories_0700(tmp_path: Path) -> None:
    old = os.umask(0o002)  # a permissive umask must not widen anything
    try:
        store = LocalFileStore(tmp_path / "files")
        await store.put("sessions/s1/a", io.BytesIO(b"klasslista"), max_bytes=100)
        writer = store.writer("runs/r1/out/b", max_bytes=100)
        await writer.write(b"betyg")
        await writer.commit()
        empty = store.writer("runs/r1/out/empty", max_bytes=100)
        await empty.commit()
    finally:
        os.umask(old)
    for key in ("sessions/s1/a", "runs/r1/out/b", "runs/r1/out/empty"):
        assert mode(store.local_path(key)) == 0o600, key
    for directory in ("", "sessions", "sessions/s1", "runs", "runs/r1", "runs/r1/out"):
        assert mode(tmp_path / "files" / directory) == 0o700, directory
