#!/usr/bin/env bash
# Make a Docker-Engine-API-compatible container engine reachable for the runner tests.
#
# Idempotent. When a Docker engine already answers (DOCKER_HOST or the default socket), it is
# used as is. Otherwise podman's Docker-compatible API service is started on
# /run/podman/podman.sock with runc (crun fails on this kind of host's cgroups) and no default
# ulimits (the runner sets its own). Prints the DOCKER_HOST to export on its last line.
set -euo pipefail

SOCK="${PODMAN_SOCK:-/run/podman/podman.sock}"
CONF=/etc/containers/containers.conf

answers() { # $1: a unix socket path
    [ -S "$1" ] && curl -sf --max-time 2 --unix-socket "$1" http://d/_ping >/dev/null 2>&1
}

if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then
    echo "container engine: docker ($(docker context show 2>/dev/null || echo default))" >&2
    echo "${DOCKER_HOST:-unix:///var/run/docker.sock}"
    exit 0
fi

if ! command -v podman >/dev/null 2>&1 || ! command -v runc >/dev/null 2>&1 \
    || ! command -v debootstrap >/dev/null 2>&1; then
    echo "installing podman, runc, debootstrap" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq podman runc debootstrap >&2
fi

if ! grep -qs 'runtime = "runc"' "$CONF"; then
    mkdir -p "$(dirname "$CONF")"
    cat >"$CONF" <<'CONF'
# Written by .ci/container-engine.sh for Skriptoteket's runner.
[engine]
runtime = "runc"

[containers]
default_ulimits = []
CONF
fi

if ! answers "$SOCK"; then
    mkdir -p "$(dirname "$SOCK")"
    rm -f "$SOCK"
    nohup podman system service --time=0 "unix://$SOCK" >/tmp/podman-service.log 2>&1 &
    for _ in $(seq 1 100); do
        answers "$SOCK" && break
        sleep 0.1
    done
fi
if ! answers "$SOCK"; then
    echo "the podman API service did not answer on $SOCK; see /tmp/podman-service.log" >&2
    exit 1
fi
echo "container engine: podman $(podman --version | awk '{print $3}') on $SOCK" >&2
echo "unix://$SOCK"
