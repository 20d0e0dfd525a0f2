"""The first process inside a bubblewrap sandbox (bwrap_runner.py mounts this file read-only
and runs it with the sandbox's Python; it imports nothing but the standard library).

1. Makes itself non-dumpable, so the tool (the same user) cannot ptrace it or open its fds.
2. Applies the rlimits given as JSON in argv[1]; the harness and all it starts inherit them.
3. Runs the harness with stdout/stderr passed through and without the archive's fd (argv[2]).
4. When the harness ends: kills every other process of the sandbox (nothing may change
   /work/output while it is read), then writes one tar stream to the archive's fd: `exit_code` (the
   harness's exit status, 128+N for signal N), `result.json` if it is there, and `output/`
   with links and special files as they are (the runner rejects them).
The runner takes the archive's first byte as the end of the tool's time.
"""

from __future__ import annotations

import ctypes
import io
import json
import os
import resource
import signal
import subprocess
import sys
import tarfile
import time

PR_SET_DUMPABLE = 4
HARNESS = ["python", "-m", "skriptoteket_toolkit.harness"]
RLIMITS = {
    "as": resource.RLIMIT_AS,
    "cpu": resource.RLIMIT_CPU,
    "fsize": resource.RLIMIT_FSIZE,
    "nofile": resource.RLIMIT_NOFILE,
    "nproc": resource.RLIMIT_NPROC,
    "core": resource.RLIMIT_CORE,
}


def main() -> int:
    ctypes.CDLL(None).prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
    fd = int(sys.argv[2])
    os.set_inheritable(fd, False)
    archive = os.fdopen(fd, "wb")
    for name, value in json.loads(sys.argv[1]).items():
        resource.setrlimit(RLIMITS[name], (value, value))
    # As in the container: the tool finds result.json there (empty until the harness writes).
    os.close(os.open("/work/result.json", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644))
    harness = subprocess.Popen(HARNESS, cwd="/work", stdin=subprocess.DEVNULL, close_fds=True)
    code = harness.wait()
    # Everything the tool left running goes (PID 1, bubblewrap's reaper, and we stay).
    for _ in range(3):
        try:
            os.kill(-1, signal.SIGKILL)
        except ProcessLookupError:
            break
        time.sleep(0.01)
    status = 128 - code if code < 0 else code
    with tarfile.open(fileobj=archive, mode="w|", format=tarfile.PAX_FORMAT) as tar:
        data = str(status).encode()
        info = tarfile.TarInfo("exit_code")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
        if os.path.lexists("/work/result.json"):
            tar.add("/work/result.json", arcname="result.json", recursive=False)
        tar.add("/work/output", arcname="output", recursive=True)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # the runner stopped reading (a cap was reached)
        sys.exit(0)
