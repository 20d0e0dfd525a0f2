#!/usr/bin/env bash
# Import a minimal Debian root filesystem, made with debootstrap from Debian's packages, as a
# container image: the offline replacement for a registry's base image.
#
#   deploy/debootstrap-image.sh ENGINE IMAGE SUITE PACKAGES
#   e.g. deploy/debootstrap-image.sh podman skriptoteket-node-base:trixie trixie nodejs,npm
#
# Does nothing when IMAGE already exists. Needs root (debootstrap) and the Debian mirror.
set -euo pipefail
ENGINE="$1" IMAGE="$2" SUITE="$3" PACKAGES="$4"
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"

if $ENGINE image inspect "$IMAGE" >/dev/null 2>&1; then exit 0; fi
command -v debootstrap >/dev/null || { echo "debootstrap is missing (apt-get install debootstrap)" >&2; exit 1; }
echo "building the base image $IMAGE from Debian $SUITE with debootstrap" >&2
ROOT="$(mktemp -d /tmp/debootstrap-image.XXXXXX)"
trap 'rm -rf "$ROOT" "$ROOT.log"' EXIT
debootstrap --variant=minbase --include="$PACKAGES" "$SUITE" "$ROOT" "$MIRROR" >"$ROOT.log" 2>&1 \
    || { cp "$ROOT.log" /tmp/debootstrap-failed.log; echo "debootstrap failed; see /tmp/debootstrap-failed.log" >&2; exit 1; }
rm -rf "$ROOT"/var/cache/apt/archives/*.deb "$ROOT"/var/lib/apt/lists/*
tar -C "$ROOT" -c . | $ENGINE import - "$IMAGE" >/dev/null
echo "base image $IMAGE ready" >&2
