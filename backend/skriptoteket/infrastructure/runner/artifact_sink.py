"""Where both runners put a run's output files: the file store, one prefix per attempt."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import IO

from skriptoteket.protocols.files import FileStore, StoredFile
from skriptoteket.protocols.runner import RunLimits, RunSpec

from .archive import OutputCaps


def output_caps(limits: RunLimits) -> OutputCaps:
    return OutputCaps(
        max_files=limits.max_artifacts,
        max_bytes=limits.max_artifact_bytes_total,
        max_entries=limits.max_artifacts * 20,
    )


@dataclass(slots=True)
class ArtifactSink:
    """Takes each output file from the thread that unpacks the run's archive and stores it
    through the event loop that owns the file store; `stored` holds what it kept, by the
    file's path under /work/output."""

    store: FileStore
    prefix: str
    loop: asyncio.AbstractEventLoop
    stored: dict[str, StoredFile] = field(default_factory=dict)

    @classmethod
    async def fresh(cls, store: FileStore, root: str, spec: RunSpec) -> ArtifactSink:
        """An empty place for this attempt's outputs (what a dead earlier try left goes)."""
        prefix = f"{root}/{spec.run_id}/attempt-{spec.attempt}/output/"
        await store.delete(prefix)
        return cls(store, prefix, asyncio.get_running_loop())

    def __call__(self, relative: str, reader: IO[bytes], size: int) -> None:
        key = self.prefix + relative
        put = self.store.put(key, reader, max_bytes=size)
        self.stored[relative] = asyncio.run_coroutine_threadsafe(put, self.loop).result()

    async def discard(self) -> None:
        await self.store.delete(self.prefix)
