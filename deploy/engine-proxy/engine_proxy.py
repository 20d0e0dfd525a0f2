"""A Docker Engine API proxy that lets through only the calls Skriptoteket's Docker runner makes.

The worker must start tool containers, but the engine's socket is root on the host: whoever
holds it can start a privileged container or bind-mount /. This proxy holds the socket instead
and answers everything outside the runner's needs with 403:

- ping, version, and inspecting the runner image(s) named in ENGINE_PROXY_IMAGES;
- creating a container only from such an image, only named skriptoteket-run-*, labelled with a
  run id, read-only, without network, privileges, added capabilities, host namespaces, devices,
  binds, mounts or volumes (every HostConfig field outside a short allow list must be empty),
  under the engine's default runtime or one named in ENGINE_PROXY_RUNTIMES;
- listing containers only by the run-id or the sandbox label;
- on containers that carry the run-id label (asked of the engine, never trusted from the
  client): inspect (also podman's own inspect, which names the runtime), start, attach, kill,
  remove, archive up/download, and exec as a non-root
  user without privileges; starting and inspecting such execs.

Standard library only (asyncio), one request per upstream connection: each request is checked,
forwarded with `Connection: close`, and its answer relayed until the engine closes. Nothing the
client sends after a request reaches the engine (not a second request), with one exception: an
attach the engine accepted with `101` is a raw stream to the container's stdin from then on
(the runner sends its sandbox the run's request that way), never read as HTTP again.

Environment: ENGINE_PROXY_UPSTREAM (the engine's unix socket, default /var/run/docker.sock),
ENGINE_PROXY_LISTEN (`unix:/path` or `tcp:host:port`, default unix:/run/engine-proxy/docker.sock),
ENGINE_PROXY_IMAGES (comma-separated, default skriptoteket-runner:latest), ENGINE_PROXY_RUNTIMES
(comma-separated, default none: SKRIPTOTEKET_SANDBOX_RUNTIME's value when the worker sets it).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import sys
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlsplit

RUN_LABEL = "skriptoteket.run_id"
SANDBOX_LABEL = "skriptoteket.sandbox"
NAME_PREFIX = "skriptoteket-run-"
MAX_HEAD = 64 * 1024
MAX_JSON_BODY = 1024 * 1024
CHUNK = 64 * 1024
ROOT_USERS = {"", "0", "root", "0:0", "root:root", "root:0", "0:root"}

# HostConfig fields the runner sets, with the values they may take; every other field must be
# empty (absent, null, "", 0, false, [] or {}).
_HOST_FIELDS: dict[str, Callable[[Any], bool]] = {
    "NetworkMode": lambda v: v == "none",
    "ReadonlyRootfs": lambda v: v is True,
    "SecurityOpt": lambda v: set(v) <= {"no-new-privileges", "no-new-privileges:true"},
    "CapDrop": lambda v: isinstance(v, list),
    "Init": lambda v: isinstance(v, bool),
    "PidsLimit": lambda v: isinstance(v, int) and v > 0,
    "Memory": lambda v: isinstance(v, int) and v > 0,
    "MemorySwap": lambda v: isinstance(v, int),
    "NanoCpus": lambda v: isinstance(v, int) and v > 0,
    "Ulimits": lambda v: isinstance(v, list),
    "Tmpfs": lambda v: isinstance(v, dict),
    "LogConfig": lambda v: isinstance(v, dict),
}
# Top-level create fields; again, every other field must be empty.
_CREATE_FIELDS: dict[str, Callable[[Any], bool]] = {
    "Image": lambda v: isinstance(v, str),
    "Entrypoint": lambda v: isinstance(v, list | str),
    "Cmd": lambda v: isinstance(v, list | str),
    "User": lambda v: isinstance(v, str) and v not in ROOT_USERS,
    "WorkingDir": lambda v: isinstance(v, str),
    "Labels": lambda v: isinstance(v, dict),
    "NetworkDisabled": lambda v: v is True,
    "HostConfig": lambda v: isinstance(v, dict),
    "Tty": lambda v: isinstance(v, bool),
    "OpenStdin": lambda v: isinstance(v, bool),
    "StdinOnce": lambda v: isinstance(v, bool),
    "AttachStdin": lambda v: isinstance(v, bool),
    "AttachStdout": lambda v: isinstance(v, bool),
    "AttachStderr": lambda v: isinstance(v, bool),
    "Env": lambda v: isinstance(v, list),
    "Hostname": lambda v: isinstance(v, str),
    "Domainname": lambda v: isinstance(v, str),
    "StopSignal": lambda v: isinstance(v, str),
}
_EXEC_FIELDS: dict[str, Callable[[Any], bool]] = {
    "Container": lambda v: isinstance(v, str),  # the SDK repeats the path's container
    "DetachKeys": lambda v: isinstance(v, str),
    "Cmd": lambda v: isinstance(v, list),
    "User": lambda v: isinstance(v, str) and v not in ROOT_USERS,
    "WorkingDir": lambda v: isinstance(v, str),
    "AttachStdin": lambda v: isinstance(v, bool),
    "AttachStdout": lambda v: isinstance(v, bool),
    "AttachStderr": lambda v: isinstance(v, bool),
    "Tty": lambda v: isinstance(v, bool),
    "Env": lambda v: isinstance(v, list),
}


class Refused(Exception):
    """The call is not one the runner makes."""


@dataclass(frozen=True, slots=True)
class Call:
    method: str
    path: str  # without the /vX.Y prefix
    query: Mapping[str, list[str]] = field(default_factory=dict)
    body: bytes = b""


@dataclass(frozen=True, slots=True)
class Allowed:
    """An allowed call, forwarded with this path (ids resolved to the engine's full id)."""

    path: str
    needs_body: bool = False
    stream_in: bool = False  # an attach: after the engine's 101, the client's bytes are stdin


# Ask the engine about a container or exec: the JSON answer, or None when it does not exist.
Lookup = Callable[[str], Awaitable[dict[str, Any] | None]]

_VERSION = re.compile(r"^/v\d+\.\d+(?=/)")
_CONTAINER = re.compile(r"^/containers/([^/]+)(/[a-z]+)?$")
_EXEC = re.compile(r"^/exec/([^/]+)/(start|json)$")
_IMAGE = re.compile(r"^/images/(.+)/json$")
# podman's own inspect: the one place it names a container's runtime (its Docker API says "oci").
_LIBPOD_INSPECT = re.compile(r"^/libpod/containers/([^/]+)/json$")
_CONTAINER_ACTIONS = {
    ("GET", "/json"),
    ("POST", "/start"),
    ("POST", "/kill"),
    ("DELETE", ""),
    ("GET", "/archive"),
    ("HEAD", "/archive"),
    ("PUT", "/archive"),
    ("POST", "/exec"),
    ("POST", "/attach"),
}


def split_version(path: str) -> tuple[str, str]:
    match = _VERSION.match(path)
    return (match.group(0), path[match.end() :]) if match else ("", path)


def image_names(name: str) -> set[str]:
    """The spellings of one image reference (podman prefixes localhost/ or docker.io/)."""
    bare = name
    for prefix in ("localhost/", "docker.io/library/", "docker.io/"):
        if bare.startswith(prefix):
            bare = bare[len(prefix) :]
    if ":" not in bare.rsplit("/", 1)[-1] and "@" not in bare:
        bare += ":latest"
    return {bare, "localhost/" + bare}


def _empty(value: Any) -> bool:
    return value in (None, "", 0, False, [], {})


def _check_fields(what: str, document: Mapping[str, Any], rules: Mapping[str, Any]) -> None:
    for key, value in document.items():
        rule = rules.get(key)
        if rule is None:
            if not _empty(value):
                raise Refused(f"{what}: {key} is not allowed")
        elif not _empty(value) and not rule(value):
            raise Refused(f"{what}: {key}={value!r} is not allowed")


def _json_body(call: Call) -> dict[str, Any]:
    try:
        document = json.loads(call.body or b"{}")
    except ValueError as exc:
        raise Refused("the body is not JSON") from exc
    if not isinstance(document, dict):
        raise Refused("the body is not a JSON object")
    return document


def check_create(call: Call, images: set[str], runtimes: frozenset[str] = frozenset()) -> None:
    name = call.query.get("name", [""])[0]
    if not name.startswith(NAME_PREFIX):
        raise Refused(f"a container must be named {NAME_PREFIX}*")
    body = _json_body(call)
    _check_fields("create", body, _CREATE_FIELDS)
    if not image_names(str(body.get("Image", ""))) & images:
        raise Refused(f"image {body.get('Image')!r} is not the runner image")
    if not (body.get("Labels") or {}).get(RUN_LABEL):
        raise Refused(f"a container must carry the label {RUN_LABEL}")
    if body.get("NetworkDisabled") is not True:
        raise Refused("a container must have no network")
    if body.get("User", "") in ROOT_USERS:
        raise Refused("a container must run as a non-root user")
    host = dict(body.get("HostConfig") or {})
    # A runtime only as the operator named it (ENGINE_PROXY_RUNTIMES: a stricter one for
    # unreviewed code); none named, the engine's default alone.
    runtime = host.pop("Runtime", None)
    if not _empty(runtime) and runtime not in runtimes:
        raise Refused(f"HostConfig: Runtime={runtime!r} is not allowed")
    _check_fields("HostConfig", host, _HOST_FIELDS)
    for required in ("NetworkMode", "ReadonlyRootfs", "PidsLimit", "Memory"):
        if _empty(host.get(required)):
            raise Refused(f"HostConfig: {required} must be set")


def check_exec(call: Call) -> None:
    body = _json_body(call)
    _check_fields("exec", body, _EXEC_FIELDS)
    if body.get("User", "") in ROOT_USERS:
        raise Refused("exec: must run as a non-root user")


def _owned(info: dict[str, Any] | None) -> bool:
    labels = ((info or {}).get("Config") or {}).get("Labels") or {}
    return bool(labels.get(RUN_LABEL))


async def decide(
    call: Call, images: set[str], lookup: Lookup, runtimes: frozenset[str] = frozenset()
) -> Allowed:
    """Allow the call (saying where to forward it) or raise Refused."""
    method, path = call.method, call.path
    if path == "/_ping" and method in {"GET", "HEAD"}:
        return Allowed(path)
    if path == "/version" and method == "GET":
        return Allowed(path)
    if (match := _IMAGE.match(path)) and method == "GET":
        if image_names(unquote(match.group(1))) & images:
            return Allowed(path)
        raise Refused("only the runner image may be inspected")
    if path == "/containers/create" and method == "POST":
        check_create(call, images, runtimes)
        return Allowed(path, needs_body=True)
    if path == "/containers/json" and method == "GET":
        filters = call.query.get("filters", ["{}"])[0]
        try:
            labels = json.loads(filters).get("label", [])
        except (ValueError, AttributeError) as exc:
            raise Refused("unreadable filters") from exc
        if any(str(label).startswith((RUN_LABEL + "=", SANDBOX_LABEL + "=")) for label in labels):
            return Allowed(path)
        raise Refused(f"containers may only be listed by the label {RUN_LABEL}")
    if match := _CONTAINER.match(path):
        ident, action = match.group(1), match.group(2) or ""
        if (method, action) not in _CONTAINER_ACTIONS or ident in {"create", "json"}:
            raise Refused(f"{method} /containers/…{action} is not allowed")
        info = await lookup(f"/containers/{quote(ident, safe='')}/json")
        if not _owned(info):
            raise Refused("the container is not a Skriptoteket run")
        if action == "/exec":
            check_exec(call)
        full = str((info or {}).get("Id") or ident)
        return Allowed(
            f"/containers/{full}{action}",
            needs_body=action == "/exec",
            stream_in=action == "/attach",
        )
    if (match := _LIBPOD_INSPECT.match(path)) and method == "GET":
        info = await lookup(f"/containers/{quote(match.group(1), safe='')}/json")
        if not _owned(info):
            raise Refused("the container is not a Skriptoteket run")
        return Allowed(f"/libpod/containers/{(info or {}).get('Id')}/json")
    if (match := _EXEC.match(path)) and (method, match.group(2)) in {
        ("POST", "start"),
        ("GET", "json"),
    }:
        exec_info = await lookup(f"/exec/{quote(match.group(1), safe='')}/json")
        container = str((exec_info or {}).get("ContainerID") or "")
        if not container or not _owned(await lookup(f"/containers/{container}/json")):
            raise Refused("the exec does not belong to a Skriptoteket run")
        return Allowed(path)
    raise Refused(f"{method} {path} is not a call the runner makes")


# -- HTTP plumbing ------------------------------------------------------------------------


@dataclass(slots=True)
class Head:
    method: str
    target: str
    version: str
    headers: list[tuple[str, str]]

    def header(self, name: str) -> str:
        name = name.lower()
        return next((v for k, v in self.headers if k.lower() == name), "")


async def read_head(reader: asyncio.StreamReader) -> Head | None:
    try:
        raw = await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError:
        return None
    except asyncio.LimitOverrunError as exc:
        raise Refused("the request head is too large") from exc
    lines = raw.decode("latin-1").split("\r\n")
    try:
        method, target, version = lines[0].split(" ", 2)
    except ValueError as exc:
        raise Refused("malformed request line") from exc
    headers = []
    for line in lines[1:]:
        if line:
            name, _, value = line.partition(":")
            headers.append((name.strip(), value.strip()))
    return Head(method.upper(), target, version, headers)


async def read_body(reader: asyncio.StreamReader, head: Head, limit: int) -> bytes:
    """The whole body (Content-Length or chunked), refused beyond limit."""
    if "chunked" in head.header("Transfer-Encoding").lower():
        parts: list[bytes] = []
        total = 0
        while True:
            size = int((await reader.readline()).split(b";")[0].strip() or b"0", 16)
            if size == 0:
                while (await reader.readline()) not in (b"\r\n", b""):
                    pass
                return b"".join(parts)
            total += size
            if total > limit:
                raise Refused("the body is too large")
            parts.append(await reader.readexactly(size))
            await reader.readexactly(2)
    length = int(head.header("Content-Length") or 0)
    if length > limit:
        raise Refused("the body is too large")
    return await reader.readexactly(length) if length else b""


async def relay_body(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, head: Head
) -> None:
    """Stream the request body through unchanged (Content-Length or chunked)."""
    if "chunked" in head.header("Transfer-Encoding").lower():
        while True:
            line = await reader.readline()
            writer.write(line)
            size = int(line.split(b";")[0].strip() or b"0", 16)
            if size == 0:
                while (trailer := await reader.readline()) not in (b"\r\n", b""):
                    writer.write(trailer)
                writer.write(b"\r\n")
                break
            writer.write(await reader.readexactly(size + 2))
            await writer.drain()
        await writer.drain()
        return
    remaining = int(head.header("Content-Length") or 0)
    while remaining > 0:
        data = await reader.read(min(CHUNK, remaining))
        if not data:
            raise ConnectionError("the client closed during the body")
        writer.write(data)
        remaining -= len(data)
        await writer.drain()


async def pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    with contextlib.suppress(ConnectionError):
        while data := await reader.read(CHUNK):
            writer.write(data)
            await writer.drain()
    with contextlib.suppress(OSError, RuntimeError):
        if writer.can_write_eof():
            writer.write_eof()


def refusal(reason: str) -> bytes:
    body = json.dumps({"message": f"engine-proxy refused: {reason}"}).encode()
    return (
        b"HTTP/1.1 403 Forbidden\r\nContent-Type: application/json\r\n"
        + f"Content-Length: {len(body)}\r\n".encode()
        + b"Connection: close\r\n\r\n"
        + body
    )


class EngineProxy:
    def __init__(
        self, upstream: str, images: set[str], runtimes: frozenset[str] = frozenset()
    ) -> None:
        self.upstream = upstream
        self.runtimes = runtimes
        self.images = {spelling for image in images for spelling in image_names(image)}

    async def lookup(self, path: str) -> dict[str, Any] | None:
        """GET path from the engine: the JSON answer, None unless 200."""
        reader, writer = await asyncio.open_unix_connection(self.upstream)
        try:
            writer.write(
                f"GET {path} HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n\r\n".encode()
            )
            await writer.drain()
            head = await reader.readuntil(b"\r\n\r\n")
            status = head.split(b" ", 2)[1]
            fake = Head("GET", path, "HTTP/1.1", [])
            for line in head.decode("latin-1").split("\r\n")[1:]:
                name, _, value = line.partition(":")
                if name:
                    fake.headers.append((name.strip(), value.strip()))
            if fake.header("Content-Length") or "chunked" in fake.header("Transfer-Encoding"):
                body = await read_body(reader, fake, 16 * MAX_JSON_BODY)
            else:
                body = await reader.read()
            if status != b"200":
                return None
            answer = json.loads(body)
            return answer if isinstance(answer, dict) else None
        finally:
            writer.close()

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            await self._handle(reader, writer)
        except (ConnectionError, asyncio.IncompleteReadError, ValueError):
            pass
        finally:
            with contextlib.suppress(OSError):
                writer.close()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = None
        try:
            head = await read_head(reader)
            if head is None:
                return
            url = urlsplit(head.target)
            prefix, path = split_version(url.path)
            query = parse_qs(url.query, keep_blank_values=True)
            body = b""
            probe = Call(head.method, path, query)
            if path == "/containers/create" or path.endswith("/exec"):
                body = await read_body(reader, head, MAX_JSON_BODY)
                probe = Call(head.method, path, query, body)
            allowed = await decide(probe, self.images, self.lookup, self.runtimes)
        except Refused as exc:
            target = f"{head.method} {head.target}" if head else "?"
            print(f"engine-proxy: refused {target}: {exc}", file=sys.stderr, flush=True)
            writer.write(refusal(str(exc)))
            await writer.drain()
            return

        upgrade = "upgrade" in head.header("Connection").lower()
        target = prefix + allowed.path + (f"?{url.query}" if url.query else "")
        dropped = {"connection", "keep-alive"}
        if allowed.needs_body:  # read whole above: forwarded with its exact length
            dropped |= {"content-length", "transfer-encoding"}
        headers = [(k, v) for k, v in head.headers if k.lower() not in dropped]
        if allowed.needs_body:
            headers.append(("Content-Length", str(len(body))))
        headers.append(("Connection", head.header("Connection") if upgrade else "close"))
        up_reader, up_writer = await asyncio.open_unix_connection(self.upstream)
        try:
            lines = [f"{head.method} {target} HTTP/1.1"] + [f"{k}: {v}" for k, v in headers]
            up_writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
            if allowed.needs_body:
                up_writer.write(body)
            else:
                await relay_body(reader, up_writer, head)
            await up_writer.drain()
            # One way only: were client bytes passed on after an upgrade the engine declined,
            # it would read them as a further, unchecked request. An accepted attach (101) is
            # a raw stream both ways from its answer's head on.
            if allowed.stream_in and upgrade:
                answer = await up_reader.readuntil(b"\r\n\r\n")
                writer.write(answer)
                await writer.drain()
                if answer.startswith((b"HTTP/1.1 101", b"HTTP/1.0 101")):
                    stdin = asyncio.ensure_future(pipe(reader, up_writer))
                    try:
                        await pipe(up_reader, writer)
                    finally:
                        stdin.cancel()
                    return
            await pipe(up_reader, writer)
        finally:
            with contextlib.suppress(OSError):
                up_writer.close()


async def serve(listen: str, proxy: EngineProxy) -> asyncio.AbstractServer:
    kind, _, where = listen.partition(":")
    if kind == "unix":
        Path(where).unlink(missing_ok=True)  # noqa: ASYNC240 - once, at start
        server = await asyncio.start_unix_server(proxy.handle, where, limit=MAX_HEAD)
        # The directory is shared only with the worker, which runs as another user.
        Path(where).chmod(0o666)  # noqa: ASYNC240
        return server
    if kind == "tcp":
        host, _, port = where.rpartition(":")
        return await asyncio.start_server(proxy.handle, host, int(port), limit=MAX_HEAD)
    raise SystemExit(f"ENGINE_PROXY_LISTEN must be unix:/path or tcp:host:port, not {listen!r}")


async def main() -> None:
    upstream = os.environ.get("ENGINE_PROXY_UPSTREAM", "/var/run/docker.sock")
    listen = os.environ.get("ENGINE_PROXY_LISTEN", "unix:/run/engine-proxy/docker.sock")
    images = os.environ.get("ENGINE_PROXY_IMAGES", "skriptoteket-runner:latest")
    runtimes = os.environ.get("ENGINE_PROXY_RUNTIMES", "")
    proxy = EngineProxy(
        upstream,
        {i.strip() for i in images.split(",") if i.strip()},
        frozenset(r.strip() for r in runtimes.split(",") if r.strip()),
    )
    server = await serve(listen, proxy)
    print(f"engine-proxy: {listen} -> {upstream}, images {sorted(proxy.images)}", flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(main())
