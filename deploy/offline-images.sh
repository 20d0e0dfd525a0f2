#!/usr/bin/env bash
# Build, from Debian's packages, the images compose.yaml otherwise takes from a registry, for
# machines where no image registry answers. Cached: each image is tagged with a hash of its
# inputs and rebuilt only when they change. Prints the settings that point compose at them:
#
#   deploy/offline-images.sh > .env.images && cat .env.images >> .env
#
# BUILD_CACERT: a CA bundle the builds need to reach PyPI and npm (a TLS-intercepting proxy);
# copied to deploy/build-ca/ca.crt, used only in build stages.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
HERE="$ROOT/deploy"

if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1 \
    && ! docker version 2>/dev/null | grep -qi podman; then
    ENGINE=docker
elif command -v podman >/dev/null 2>&1; then
    ENGINE=podman
else
    echo "No container engine: install docker, or run .ci/container-engine.sh (podman)." >&2
    exit 1
fi

PYTHON_BASE=skriptoteket-runner-base:bookworm # the runner's offline base: python3, venv, tini
TRIXIE_BASE=skriptoteket-debian-base:trixie
"$HERE/debootstrap-image.sh" "$ENGINE" "$PYTHON_BASE" bookworm python3,python3-venv,ca-certificates,tini >&2
"$HERE/debootstrap-image.sh" "$ENGINE" "$TRIXIE_BASE" trixie ca-certificates >&2

# build NAME DIR BASE: NAME:<hash of DIR and BASE's id>, also tagged NAME.
build() {
    local name="$1" dir="$2" base="$3" hash
    hash="$( (cd "$dir" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum; \
        $ENGINE image inspect --format '{{.Id}}' "$base") | sha256sum | cut -c1-16)"
    if ! $ENGINE image inspect "${name%%:*}:$hash" >/dev/null 2>&1; then
        echo "building $name from $dir" >&2
        $ENGINE build --network host --build-arg "BASE_IMAGE=$base" \
            -t "${name%%:*}:$hash" "$dir" >&2
    fi
    $ENGINE tag "${name%%:*}:$hash" "$name"
}
build skriptoteket-postgres:15-bookworm "$HERE/postgres" "$PYTHON_BASE"
build skriptoteket-node:20-trixie "$HERE/node" "$TRIXIE_BASE"
RUNNER_IMAGE="$("$ROOT/runner-image/build.sh" >&2 && "$ROOT/runner-image/build.sh" --print)"

CACERT="${BUILD_CACERT:-}"
if [ -n "$CACERT" ] && [ -s "$CACERT" ]; then
    cp "$CACERT" "$HERE/build-ca/ca.crt"
fi

echo "POSTGRES_IMAGE=skriptoteket-postgres:15-bookworm"
echo "PYTHON_IMAGE=$PYTHON_BASE"
echo "NODE_IMAGE=skriptoteket-node:20-trixie"
echo "SKRIPTOTEKET_RUNNER_IMAGE=$RUNNER_IMAGE"
