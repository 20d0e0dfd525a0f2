"""Hand-written helpers of the generated client (openapi/client-helpers/helpers.py, copied in
by openapi/generate-client.sh so they survive regeneration).

    from skriptoteket_client.helpers import follow_run, run_and_wait
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator, Mapping
from typing import Any

import httpx

from .api.runs import create_run
from .client import AuthenticatedClient, Client
from .models import CreateRunFilesBody, CreateRunJsonBody, Problem, RunResponse, RunStarted
from .types import File

TERMINAL = frozenset({"succeeded", "failed", "timed_out", "cancelled"})


class ApiProblem(Exception):
    """The server answered with a problem (RFC 9457): `problem.code` says which."""

    def __init__(self, status: int, problem: Problem | None) -> None:
        self.status = status
        self.problem = problem
        code = problem.code if problem else "unexpected"
        detail = problem.detail if problem else ""
        super().__init__(f"{status} {code}: {detail}")


def run_and_wait(
    client: AuthenticatedClient | Client,
    slug: str,
    inputs: Mapping[str, Any] | None = None,
    files: Mapping[str, File] | None = None,
    *,
    timeout: float = 600.0,
    idempotency_key: str | None = None,
    attempts: int = 3,
) -> RunResponse:
    """Run the tool and return the finished run.

    The POST carries an Idempotency-Key (a new one unless given), so a retry after a lost
    answer never starts a second run; it asks the server to wait up to 60 s, and follows the
    run's event stream for longer runs. Files are sent as multipart (field name -> File)."""
    key = idempotency_key or str(uuid.uuid4())
    wait = int(min(60, max(0, timeout)))
    for attempt in range(attempts):
        body: CreateRunJsonBody | CreateRunFilesBody
        if files:
            body = CreateRunFilesBody(inputs=json.dumps(dict(inputs or {})))
            for name, file in files.items():
                if hasattr(file.payload, "seek"):
                    file.payload.seek(0)
                body[name] = file
        else:
            body = CreateRunJsonBody.from_dict({"inputs": dict(inputs or {})})
        try:
            answer = create_run.sync_detailed(
                slug, client=client, body=body, wait=wait, idempotency_key=key
            )
        except httpx.TransportError:
            if attempt + 1 == attempts:
                raise
            time.sleep(0.5 * 2**attempt)
            continue
        if int(answer.status_code) >= 500 and attempt + 1 < attempts:
            time.sleep(0.5 * 2**attempt)
            continue
        break
    started = answer.parsed
    if not isinstance(started, RunStarted):
        raise ApiProblem(int(answer.status_code), started if isinstance(started, Problem) else None)
    run = started.run
    if run.status.value in TERMINAL:
        return run
    deadline = time.monotonic() + timeout
    for run in follow_run(client, str(run.id), timeout=max(1.0, deadline - time.monotonic())):
        if run.status.value in TERMINAL:
            return run
    raise TimeoutError(f"run {run.id} did not end within {timeout} s")


def follow_run(
    client: AuthenticatedClient | Client, run_id: str, *, timeout: float = 600.0
) -> Iterator[RunResponse]:
    """The run's live status (GET /runs/{id}/events): the run now, each change, the finished
    run last. Reconnects with Last-Event-ID when the stream drops before the end."""
    http = client.get_httpx_client()
    last_id: str | None = None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        headers = {"Accept": "text/event-stream"}
        if last_id is not None:
            headers["Last-Event-ID"] = last_id
        try:
            with http.stream(
                "GET",
                f"/api/v1/runs/{run_id}/events",
                headers=headers,
                timeout=httpx.Timeout(30.0, read=60.0),
            ) as response:
                if response.status_code != 200:
                    response.read()
                    problem = Problem.from_dict(response.json()) if response.content else None
                    raise ApiProblem(response.status_code, problem)
                event, data = "message", []
                for line in response.iter_lines():
                    if line == "":
                        if event == "run" and data:
                            run = RunResponse.from_dict(json.loads("\n".join(data)))
                            yield run
                            if run.status.value in TERMINAL:
                                return
                        event, data = "message", []
                    elif line.startswith("data:"):
                        data.append(line[5:].removeprefix(" "))
                    elif line.startswith("event:"):
                        event = line[6:].strip()
                    elif line.startswith("id:"):
                        last_id = line[3:].strip()
        except httpx.TransportError:
            time.sleep(0.5)
    raise TimeoutError(f"run {run_id} did not end within {timeout} s")
