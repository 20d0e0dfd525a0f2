"""The engine proxy's policy: the runner's calls pass, everything else is refused.

The container/exec lookups the policy makes of the engine are answered from a dict here; the
proxy in front of a real engine is tested in tests/runner/test_engine_proxy.py.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from engine_proxy import Allowed, Call, Refused, decide, image_names

IMAGES = image_names("skriptoteket-runner:latest")
OURS = "a" * 64
OTHER = "b" * 64
ENGINE: dict[str, dict[str, Any]] = {
    f"/containers/{OURS}/json": {"Id": OURS, "Config": {"Labels": {"skriptoteket.run_id": "r1"}}},
    "/containers/skriptoteket-run-r1-1/json": {
        "Id": OURS,
        "Config": {"Labels": {"skriptoteket.run_id": "r1"}},
    },
    f"/containers/{OTHER}/json": {"Id": OTHER, "Config": {"Labels": {"app": "database"}}},
    "/exec/e-ours/json": {"ContainerID": OURS},
    "/exec/e-other/json": {"ContainerID": OTHER},
}

# What the Docker runner sends to create a tool container (docker SDK 7, see docker_runner.py).
RUNNER_CREATE: dict[str, Any] = {
    "Image": "skriptoteket-runner:latest",
    "Entrypoint": ["sleep"],
    "Cmd": ["infinity"],
    "User": "65533:65533",
    "WorkingDir": "/work",
    "Labels": {"skriptoteket.run_id": "r1", "skriptoteket.attempt": "1"},
    "NetworkDisabled": True,
    "Tty": False,
    "OpenStdin": False,
    "StdinOnce": False,
    "AttachStdin": False,
    "AttachStdout": False,
    "AttachStderr": False,
    "Hostname": None,
    "Env": None,
    "Volumes": None,
    "HostConfig": {
        "NetworkMode": "none",
        "CapDrop": ["ALL"],
        "SecurityOpt": ["no-new-privileges"],
        "ReadonlyRootfs": True,
        "Init": True,
        "PidsLimit": 64,
        "Memory": 268435456,
        "MemorySwap": 268435456,
        "NanoCpus": 1000000000,
        "Ulimits": [{"Name": "nofile", "Soft": 1024, "Hard": 1024}],
        "Tmpfs": {"/tmp": "rw,noexec,nosuid,nodev,size=16m"},
        "LogConfig": {"Type": "none", "Config": {}},
    },
}
RUNNER_EXEC = {
    "Cmd": ["python", "-m", "skriptoteket_toolkit.harness"],
    "User": "65533:65533",
    "WorkingDir": "/work",
    "AttachStdout": True,
    "AttachStderr": True,
    "AttachStdin": False,
    "Tty": False,
    "Privileged": False,
}


async def lookup(path: str) -> dict[str, Any] | None:
    return ENGINE.get(path)


def create(name: str = "skriptoteket-run-r1-1", **changes: Any) -> Call:
    body = copy.deepcopy(RUNNER_CREATE)
    for key, value in changes.items():
        if key.startswith("host_"):
            body["HostConfig"][key[5:]] = value
        else:
            body[key] = value
    return Call("POST", "/containers/create", {"name": [name]}, json.dumps(body).encode())


async def verdict(call: Call) -> Allowed:
    return await decide(call, IMAGES, lookup)


@pytest.mark.parametrize(
    "call",
    [
        Call("GET", "/_ping"),
        Call("HEAD", "/_ping"),
        Call("GET", "/version"),
        Call("GET", "/images/skriptoteket-runner:latest/json"),
        Call("GET", "/images/localhost/skriptoteket-runner:latest/json"),
        create(),
        Call("GET", "/containers/json", {"filters": ['{"label": ["skriptoteket.run_id=r1"]}']}),
        Call("GET", "/containers/json", {"filters": ['{"label": ["skriptoteket.sandbox=pool"]}']}),
        Call("POST", f"/containers/{OURS}/attach", {"stdin": ["1"], "stream": ["1"]}),
        Call("GET", f"/containers/{OURS}/json"),
        Call("GET", f"/libpod/containers/{OURS}/json"),
        Call("POST", f"/containers/{OURS}/start"),
        Call("PUT", f"/containers/{OURS}/archive", {"path": ["/work"]}),
        Call("GET", f"/containers/{OURS}/archive", {"path": ["/work/output"]}),
        Call("POST", f"/containers/{OURS}/exec", body=json.dumps(RUNNER_EXEC).encode()),
        Call("POST", "/exec/e-ours/start"),
        Call("GET", "/exec/e-ours/json"),
        Call("POST", f"/containers/{OURS}/kill"),
        Call("DELETE", f"/containers/{OURS}", {"force": ["True"]}),
    ],
)
async def test_the_runners_calls_pass(call: Call) -> None:
    allowed = await verdict(call)
    assert allowed.path.startswith(call.path.split(OURS)[0])


async def test_a_container_named_by_name_is_forwarded_by_its_full_id() -> None:
    allowed = await verdict(Call("POST", "/containers/skriptoteket-run-r1-1/start"))
    assert allowed.path == f"/containers/{OURS}/start"


@pytest.mark.parametrize(
    ("call", "reason"),
    [
        (create(host_Privileged=True), "Privileged"),
        (create(host_Binds=["/:/host"]), "Binds"),
        (create(host_Mounts=[{"Type": "bind", "Source": "/", "Target": "/h"}]), "Mounts"),
        (create(Volumes={"/data": {}}), "Volumes"),
        (create(host_CapAdd=["SYS_ADMIN"]), "CapAdd"),
        (create(host_NetworkMode="host"), "NetworkMode"),
        (create(host_NetworkMode="bridge"), "NetworkMode"),
        (create(host_PidMode="host"), "PidMode"),
        (create(host_IpcMode="host"), "IpcMode"),
        (create(host_UsernsMode="host"), "UsernsMode"),
        (create(host_Devices=[{"PathOnHost": "/dev/sda"}]), "Devices"),
        (create(host_SecurityOpt=["seccomp=unconfined"]), "SecurityOpt"),
        (create(host_ReadonlyRootfs=False), "ReadonlyRootfs"),
        (create(host_PidsLimit=None), "PidsLimit"),
        (create(host_VolumesFrom=["database"]), "VolumesFrom"),
        (create(Image="debian:bookworm"), "image"),
        (create(User="root"), "User"),
        (create(User="0"), "User"),
        (create(NetworkDisabled=False), "network"),
        (create(Labels={}), "label"),
        (create(name="innocent"), "named"),
        (Call("POST", "/containers/create", {"name": ["skriptoteket-run-x"]}, b"not json"), "JSON"),
        (Call("POST", "/images/create", {"fromImage": ["alpine"]}), "not a call"),
        (Call("POST", "/build"), "not a call"),
        (Call("POST", "/images/load"), "not a call"),
        (Call("DELETE", "/images/skriptoteket-runner:latest"), "not a call"),
        (Call("GET", "/images/postgres:16/json"), "runner image"),
        (Call("GET", "/containers/json"), "label"),
        (Call("GET", "/containers/json", {"filters": ['{"name": ["postgres"]}']}), "label"),
        (Call("POST", f"/containers/{OTHER}/exec", body=json.dumps(RUNNER_EXEC).encode()), "not"),
        (Call("GET", f"/containers/{OTHER}/archive", {"path": ["/etc/shadow"]}), "not"),
        (Call("POST", f"/containers/{OTHER}/kill"), "not"),
        (Call("DELETE", f"/containers/{OTHER}"), "not"),
        (Call("GET", f"/containers/{OTHER}/json"), "not"),
        (Call("POST", "/containers/missing/start"), "not"),
        (Call("POST", "/exec/e-other/start"), "does not belong"),
        (Call("POST", "/exec/missing/start"), "does not belong"),
        (
            Call(
                "POST",
                f"/containers/{OURS}/exec",
                body=json.dumps({**RUNNER_EXEC, "Privileged": True}).encode(),
            ),
            "Privileged",
        ),
        (
            Call(
                "POST",
                f"/containers/{OURS}/exec",
                body=json.dumps({**RUNNER_EXEC, "User": "0"}).encode(),
            ),
            "User",
        ),
        (
            Call(
                "POST",
                f"/containers/{OURS}/exec",
                body=json.dumps({k: v for k, v in RUNNER_EXEC.items() if k != "User"}).encode(),
            ),
            "non-root",
        ),
        (Call("POST", f"/containers/{OTHER}/attach"), "not"),
        (Call("GET", f"/libpod/containers/{OTHER}/json"), "not a Skriptoteket run"),
        (Call("POST", f"/libpod/containers/{OURS}/json"), "not a call"),
        (Call("POST", f"/containers/{OURS}/update"), "not allowed"),
        (Call("POST", f"/containers/{OURS}/commit"), "not allowed"),
        (Call("POST", "/commit", {"container": [OURS]}), "not a call"),
        (Call("POST", "/volumes/create"), "not a call"),
        (Call("POST", "/networks/create"), "not a call"),
        (Call("GET", "/info"), "not a call"),
        (Call("GET", "/events"), "not a call"),
        (Call("POST", "/auth"), "not a call"),
        (Call("POST", "/secrets/create"), "not a call"),
        (Call("POST", "/swarm/init"), "not a call"),
        (Call("GET", "/libpod/containers/json"), "not a call"),
    ],
)
async def test_everything_else_is_refused(call: Call, reason: str) -> None:
    with pytest.raises(Refused, match=reason):
        await verdict(call)


async def test_a_runtime_only_as_the_operator_named_it() -> None:
    """A stricter runtime for unreviewed code (SKRIPTOTEKET_SANDBOX_RUNTIME) passes only when
    ENGINE_PROXY_RUNTIMES names it; no other runtime ever does."""
    strict = create(host_Runtime="runsc")
    with pytest.raises(Refused, match="Runtime"):
        await verdict(strict)
    assert (await decide(strict, IMAGES, lookup, frozenset({"runsc"}))).path == "/containers/create"
    with pytest.raises(Refused, match="Runtime"):
        await decide(create(host_Runtime="runc"), IMAGES, lookup, frozenset({"runsc"}))
