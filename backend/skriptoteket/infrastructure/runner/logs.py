"""Bounded capture of a stream's text: the first and the last bytes, the middle dropped."""

from __future__ import annotations

HEAD_BYTES = 16 * 1024


class HeadTail:
    """Keeps the first `head` bytes and the last `tail` bytes of everything fed to it, so a
    tool printing gigabytes costs a fixed amount of memory."""

    def __init__(self, total: int, head: int = HEAD_BYTES) -> None:
        self.head_cap = min(head, total)
        self.tail_cap = max(0, total - self.head_cap)
        self.head = bytearray()
        self.tail = bytearray()
        self.seen = 0

    def feed(self, chunk: bytes) -> None:
        self.seen += len(chunk)
        room = self.head_cap - len(self.head)
        if room > 0:
            self.head += chunk[:room]
            chunk = chunk[room:]
        if not chunk or self.tail_cap == 0:
            return
        self.tail += chunk[-self.tail_cap :]
        if len(self.tail) > 2 * self.tail_cap:  # trim in batches, not on every chunk
            del self.tail[: len(self.tail) - self.tail_cap]

    def text(self) -> str:
        tail = bytes(self.tail[-self.tail_cap :]) if self.tail_cap else b""
        kept = len(self.head) + len(tail)
        dropped = self.seen - kept
        if dropped <= 0:
            return (bytes(self.head) + tail).decode("utf-8", "replace")
        marker = f"\n[... {dropped} bytes left out ...]\n".encode()
        return (bytes(self.head) + marker + tail).decode("utf-8", "replace")
