#!/usr/bin/env bash
# Build the runner image with whichever engine is present (docker, else podman).
#
#   runner-image/build.sh            build (skipped when the content hash is already built)
#   runner-image/build.sh --print    print the image reference it would build
#   runner-image/build.sh --if-engine   as build, but without an engine (and CI unset) only warn
#
# The image is tagged skriptoteket-runner:<hash of runner-image/> (also a label) and
# skriptoteket-runner:latest. Unless RUNNER_BASE_IMAGE names a base, an offline Debian base is
# built first with debootstrap (cached as skriptoteket-runner-base:bookworm).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
NAME="${RUNNER_IMAGE_NAME:-skriptoteket-runner}"
BASE_OFFLINE="skriptoteket-runner-base:bookworm"
CACERT="${RUNNER_BUILD_CACERT:-/etc/ssl/certs/ca-certificates.crt}"

# The content hash: every file that goes into the image (build/ is scratch, caches are noise).
content_hash() {
    (cd "$HERE" && find . -type f ! -path './build/*' ! -name '*.pyc' ! -path '*/__pycache__/*' \
        ! -path '*.egg-info/*' -print0 | LC_ALL=C sort -z | xargs -0 sha256sum) \
        | sha256sum | cut -c1-16
}
HASH="$(content_hash)"
IMAGE="$NAME:$HASH"
if [ "${1:-}" = "--print" ]; then echo "$IMAGE"; exit 0; fi

# A real Docker daemon builds with docker; podman (also behind a docker CLI whose DOCKER_HOST is
# podman's service, which shares podman's image store) builds with podman.
docker_daemon() {
    local version
    command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1 || return 1
    version="$(docker version 2>/dev/null || true)"
    ! grep -qi podman <<<"$version"
}
if docker_daemon; then
    ENGINE=docker
elif command -v podman >/dev/null 2>&1; then
    ENGINE=podman
else
    echo "No container engine: install docker, or run .ci/container-engine.sh (podman)." >&2
    if [ "${1:-}" = "--if-engine" ] && [ "${CI:-}" != "true" ]; then
        echo "skipping the runner image; the runner tests will be skipped" >&2
        exit 0
    fi
    exit 1
fi

if $ENGINE image inspect "$IMAGE" >/dev/null 2>&1; then
    $ENGINE tag "$IMAGE" "$NAME:latest"
    echo "runner image $IMAGE is up to date ($ENGINE)"
    exit 0
fi

BUILD_ARGS=()
if [ -n "${RUNNER_BASE_IMAGE:-}" ]; then
    BUILD_ARGS+=(--build-arg "BASE_IMAGE=$RUNNER_BASE_IMAGE")
else
    # No image registry is assumed: the base is built offline from Debian packages
    # (RUNNER_BASE_IMAGE, e.g. docker.io/library/python:3.12-slim-bookworm, overrides it).
    if ! $ENGINE image inspect "$BASE_OFFLINE" >/dev/null 2>&1; then
        echo "no registry reachable: building the offline base $BASE_OFFLINE with debootstrap" >&2
        command -v debootstrap >/dev/null || { echo "debootstrap is missing (apt-get install debootstrap)" >&2; exit 1; }
        ROOT="$(mktemp -d /tmp/runner-base.XXXXXX)"
        trap 'rm -rf "$ROOT"' EXIT
        debootstrap --variant=minbase --include=python3,python3-venv,ca-certificates,tini \
            bookworm "$ROOT" http://deb.debian.org/debian >"$ROOT.log" 2>&1 \
            || { echo "debootstrap failed; see $ROOT.log" >&2; exit 1; }
        rm -rf "$ROOT"/var/cache/apt/archives/*.deb "$ROOT"/var/lib/apt/lists/*
        tar -C "$ROOT" -c . | $ENGINE import - "$BASE_OFFLINE" >/dev/null
        rm -rf "$ROOT" "$ROOT.log"
        trap - EXIT
    fi
    BUILD_ARGS+=(--build-arg "BASE_IMAGE=$BASE_OFFLINE")
fi

# The build context: runner-image/ itself; an empty toolkit/ placeholder when the toolkit
# has not landed yet keeps the Dockerfile's COPY valid.
CTX="$HERE/build/context"
rm -rf "$CTX" && mkdir -p "$CTX"
(cd "$HERE" && tar -c --exclude=./build --exclude='__pycache__' --exclude='*.egg-info' .) | tar -C "$CTX" -x
mkdir -p "$CTX/toolkit"

SECRET=()
if [ -s "$CACERT" ]; then SECRET=(--secret "id=cacert,src=$CACERT"); fi
if [ "$ENGINE" = docker ]; then export DOCKER_BUILDKIT=1; fi

echo "building $IMAGE with $ENGINE" >&2
$ENGINE build --network host "${SECRET[@]}" "${BUILD_ARGS[@]}" \
    --label "org.skriptoteket.content-hash=$HASH" \
    -t "$IMAGE" -t "$NAME:latest" -f "$CTX/Dockerfile" "$CTX"
rm -rf "$CTX"
# Older hashes are kept: other checkouts on this machine may share the image store.
echo "runner image $IMAGE built ($ENGINE)"
