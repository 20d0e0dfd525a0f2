"""ExecuteRun and the Worker's loop, on in-memory fakes of the queue and the runner."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Callable
from pathlib import Path

import msgspec

from skriptoteket.application.runs.execute_run import ExecuteRun, JobControl
from skriptoteket.application.runs.run_spec import MissingSourceFiles, StoredRequestSpecs
from skriptoteket.application.runs.stored_request import stored_request
from skriptoteket.application.runs.worker import Worker, WorkerConfig
from skriptoteket.domain.runs import ErrorCode, RunStatus, Verdict
from skriptoteket.protocols.queue import ClaimedJob, Stored
from skriptoteket.protocols.runner import RunOutcome, RunSpec
from tests.fakes.queue import FakeJobQueue, NoMetrics, ScriptedRunner
from tests.queue_support import a_run_request

OWNER = "w1"
SUCCEEDED = RunOutcome(exit_code=0, result_json=json.dumps({"status": "succeeded"}).encode())


def claimed_job(job_id: int = 1, request: bytes | None = None) -> ClaimedJob:
    return ClaimedJob(
        job_id=job_id,
        run_id=uuid.uuid4(),
        user_id=uuid.uuid4(),
        attempt=1,
        request=request or stored_request(payload=a_run_request(), files={"main.py": "x"}),
    )


def setup(runner: ScriptedRunner, *jobs: ClaimedJob) -> tuple[FakeJobQueue, ExecuteRun]:
    queue = FakeJobQueue()
    for job in jobs:
        queue.add(job)
        queue.jobs[job.job_id].status, queue.jobs[job.job_id].owner = "running", OWNER
    specs = StoredRequestSpecs(MissingSourceFiles())
    return queue, ExecuteRun(queue, runner, specs, NoMetrics(), owner=OWNER)


async def test_a_run_that_succeeds_is_stored_as_succeeded_by_its_lease_holder() -> None:
    job = claimed_job()
    runner = ScriptedRunner(SUCCEEDED)
    queue, execute = setup(runner, job)
    assert await execute(job, JobControl()) is RunStatus.SUCCEEDED
    assert runner.started == [job.run_id]
    assert queue.jobs[1].tool_started is True
    verdict = queue.jobs[1].verdict
    assert verdict is not None
    assert verdict.result is not None
    assert verdict.result["status"] == "succeeded"  # normalized by the contract
    assert verdict.result["outputs"] == [] and verdict.result["state"] == {"mode": "keep"}


async def test_the_sandbox_is_removed_only_after_the_verdict_is_stored() -> None:
    job = claimed_job()
    runner = ScriptedRunner(SUCCEEDED)
    queue, execute = setup(runner, job)
    stored_when_removed: list[bool] = []
    remove = runner.remove

    async def remove_and_look(run_id: uuid.UUID) -> None:
        stored_when_removed.append(queue.jobs[1].verdict is not None)
        await remove(run_id)

    runner.remove = remove_and_look  # type: ignore[method-assign]
    assert await execute(job, JobControl()) is RunStatus.SUCCEEDED
    assert runner.removed == [job.run_id]
    assert stored_when_removed == [True]


async def test_a_cancel_seen_before_the_start_ends_cancelled_without_running_the_tool() -> None:
    job = claimed_job()
    runner = ScriptedRunner(SUCCEEDED)
    queue, execute = setup(runner, job)
    queue.jobs[1].cancel_requested = True
    assert await execute(job, JobControl()) is RunStatus.CANCELLED
    assert runner.started == []


async def test_a_lost_lease_before_the_start_leaves_the_run_to_the_reaper() -> None:
    job = claimed_job()
    runner = ScriptedRunner(SUCCEEDED)
    queue, execute = setup(runner, job)
    queue.jobs[1].owner = "someone-else"
    control = JobControl()
    assert await execute(job, control) is None
    assert control.lease_lost is True
    assert runner.started == []
    assert queue.jobs[1].verdict is None


async def test_a_stopping_worker_hands_back_a_job_it_has_not_started() -> None:
    job = claimed_job()
    runner = ScriptedRunner(SUCCEEDED)
    queue, execute = setup(runner, job)
    assert await execute(job, JobControl(may_start=False)) is None
    assert queue.handed_back == [1]
    assert runner.started == []


async def test_a_request_that_cannot_be_prepared_fails_with_platform_error() -> None:
    # A stored version, and no source store that knows it.
    job = claimed_job(request=stored_request(payload=a_run_request(), version_id=uuid.uuid4()))
    runner = ScriptedRunner(SUCCEEDED)
    queue, execute = setup(runner, job)
    assert await execute(job, JobControl()) is RunStatus.FAILED
    verdict = queue.jobs[1].verdict
    assert verdict is not None
    assert verdict.error_code is ErrorCode.PLATFORM_ERROR
    assert runner.started == []


async def test_a_run_whose_lease_was_lost_while_running_is_not_finalized_and_is_cleaned_up() -> (
    None
):
    job = claimed_job()
    runner = ScriptedRunner(SUCCEEDED)
    queue, execute = setup(runner, job)
    control = JobControl()
    runner.on_start = lambda: setattr(control, "lease_lost", True)
    assert await execute(job, control) is None
    assert runner.removed == [job.run_id]
    assert queue.jobs[1].verdict is None


async def eventually(check: Callable[[], bool]) -> None:
    async with asyncio.timeout(5.0):
        while not check():  # noqa: ASYNC110 - polling a fake's state is the point
            await asyncio.sleep(0.005)


def worker(
    queue: FakeJobQueue, runner: ScriptedRunner, *, concurrency: int = 2, **config: float
) -> Worker:
    class NoWakeups:
        async def listen(self, on_queued: object, on_cancel: object) -> None:
            await asyncio.Event().wait()

    execute = ExecuteRun(
        queue, runner, StoredRequestSpecs(MissingSourceFiles()), NoMetrics(), owner=OWNER
    )
    return Worker(
        owner=OWNER,
        queue=queue,
        wakeups=NoWakeups(),
        execute=execute,
        runner=runner,
        metrics=NoMetrics(),
        config=WorkerConfig(
            concurrency=concurrency, poll_s=0.01, heartbeat_s=0.01, reap_s=0.05, **config
        ),
    )


async def test_the_worker_relays_a_cancel_to_the_runner_and_the_run_ends_cancelled() -> None:
    job = claimed_job()
    runner = ScriptedRunner(SUCCEEDED, release=asyncio.Event())
    queue = FakeJobQueue()
    queue.add(job)
    w = worker(queue, runner)
    task = asyncio.create_task(w.run())
    await eventually(lambda: bool(runner.started))
    queue.jobs[1].cancel_requested = True
    await eventually(lambda: queue.jobs[1].status == "done")
    w.stop()
    await task
    assert runner.killed == [job.run_id]
    verdict = queue.jobs[1].verdict
    assert verdict is not None
    assert verdict.status is RunStatus.CANCELLED


async def test_a_stopping_worker_waits_for_started_runs_within_the_grace_period() -> None:
    job = claimed_job()
    release = asyncio.Event()
    runner = ScriptedRunner(SUCCEEDED, release=release)
    queue = FakeJobQueue()
    queue.add(job)
    w = worker(queue, runner, grace_s=5)
    task = asyncio.create_task(w.run())
    await eventually(lambda: bool(runner.started))
    w.stop()
    await asyncio.sleep(0.05)
    assert not task.done()  # still waiting for the started run
    release.set()
    await task
    verdict = queue.jobs[1].verdict
    assert verdict is not None
    assert verdict.status is RunStatus.SUCCEEDED


async def test_after_the_grace_period_a_started_run_is_stopped_and_fails() -> None:
    job = claimed_job()
    runner = ScriptedRunner(SUCCEEDED, release=asyncio.Event())
    queue = FakeJobQueue()
    queue.add(job)
    w = worker(queue, runner, grace_s=0.05)
    task = asyncio.create_task(w.run())
    await eventually(lambda: bool(runner.started))
    w.stop()
    await task
    assert runner.killed == [job.run_id]
    verdict = queue.jobs[1].verdict
    assert verdict is not None
    assert (verdict.status, verdict.error_code) == (RunStatus.FAILED, ErrorCode.PLATFORM_ERROR)


async def test_a_runner_that_fails_itself_ends_the_run_with_platform_error_and_cleans_up() -> None:
    class BrokenRunner(ScriptedRunner):
        async def run(self, spec: RunSpec) -> RunOutcome:
            raise ConnectionError("the container engine is gone")

    job = claimed_job()
    runner = BrokenRunner(SUCCEEDED)
    queue, execute = setup(runner, job)
    assert await execute(job, JobControl()) is RunStatus.FAILED
    verdict = queue.jobs[1].verdict
    assert verdict is not None
    assert verdict.error_code is ErrorCode.PLATFORM_ERROR
    assert runner.removed == [job.run_id]


class KeyedFiles:
    """A file store that says where each key would lie (StoredRequestSpecs only materializes)."""

    async def materialize(self, key: str) -> Path:
        return Path("/store") / key


async def test_input_files_are_staged_from_their_store_keys_also_in_a_request_queued_earlier() -> (
    None
):
    specs = StoredRequestSpecs(MissingSourceFiles(), KeyedFiles())  # type: ignore[arg-type]
    now = stored_request(
        payload=a_run_request(), files={"main.py": "x"}, input_keys={"7A.csv": "s/1/a"}
    )
    # The form before input_keys: a list of {"name", "key"} (still in the queue at an upgrade).
    before = json.loads(now)
    del before["input_keys"]
    before["input_files"] = [{"name": "7A.csv", "key": "s/1/a"}]
    for raw in (now, json.dumps(before).encode()):
        prepared = await specs.build(claimed_job(request=raw))
        assert prepared.spec.input_files == {"7A.csv": Path("/store/s/1/a")}


async def test_only_sandbox_runs_are_marked_unreviewed_for_the_runner() -> None:
    """A sandbox run's code was approved by nobody: the runner may isolate it harder
    (SKRIPTOTEKET_SANDBOX_RUNTIME); a production run's was reviewed."""
    specs = StoredRequestSpecs(MissingSourceFiles())
    production = a_run_request()
    sandbox = msgspec.structs.replace(
        production, run=msgspec.structs.replace(production.run, env="sandbox")
    )
    for payload, unreviewed in ((production, False), (sandbox, True)):
        job = claimed_job(request=stored_request(payload=payload, files={"main.py": "x"}))
        assert (await specs.build(job)).spec.unreviewed is unreviewed


class HeldVerdicts(FakeJobQueue):
    """A queue whose verdicts are written only once `written` is set."""

    def __init__(self) -> None:
        super().__init__()
        self.written = asyncio.Event()

    async def finish(self, job: ClaimedJob, owner: str, verdict: Verdict) -> Stored | None:
        await self.written.wait()
        return await super().finish(job, owner, verdict)


async def test_a_slot_is_free_once_its_tool_ended_while_the_verdict_is_still_written() -> None:
    queue = HeldVerdicts()
    jobs = [claimed_job(i) for i in (1, 2, 3)]
    for job in jobs:
        queue.add(job)
    runner = ScriptedRunner(SUCCEEDED)
    w = worker(queue, runner, concurrency=1)
    task = asyncio.create_task(w.run())
    # One slot: the second tool runs while the first job's verdict waits; the third waits,
    # because no more jobs than the slots may be finishing at once.
    await eventually(lambda: len(runner.started) == 2)
    await asyncio.sleep(0.05)
    assert runner.started == [jobs[0].run_id, jobs[1].run_id]
    assert [queue.jobs[i].status for i in (1, 2, 3)] == ["running", "running", "queued"]
    assert runner.removed == []  # a container goes only after its verdict is stored
    # A stop waits for the verdicts still being written.
    w.stop()
    await asyncio.sleep(0.05)
    assert not task.done()
    queue.written.set()
    await task
    assert [queue.jobs[i].status for i in (1, 2, 3)] == ["done", "done", "queued"]
    assert runner.removed == [jobs[0].run_id, jobs[1].run_id]
