"""A ZIP archive written as a stream: each piece is handed on as soon as it is compressed, so
an export never holds the whole archive (or a whole file) in memory."""

from __future__ import annotations

import io
import zipfile
from typing import IO


class _Sink(io.RawIOBase):
    """Collects what zipfile writes; not seekable, so zipfile writes data descriptors."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data: bytes) -> int:  # type: ignore[override]
        self._parts.append(bytes(data))
        return len(data)

    def tell(self) -> int:
        raise OSError("not seekable")

    def take(self) -> bytes:
        out = b"".join(self._parts)
        self._parts.clear()
        return out


class ZipStream:
    def __init__(self) -> None:
        self._sink = _Sink()
        self._zip = zipfile.ZipFile(self._sink, "w", compression=zipfile.ZIP_DEFLATED)

    def member(self, name: str) -> IO[bytes]:
        """A new file in the archive, written piece by piece (call `take` in between)."""
        return self._zip.open(name, "w", force_zip64=True)

    def add(self, name: str, data: bytes) -> bytes:
        with self.member(name) as out:
            out.write(data)
        return self.take()

    def take(self) -> bytes:
        """The archive's bytes written since the last take."""
        return self._sink.take()

    def close(self) -> bytes:
        self._zip.close()
        return self.take()
