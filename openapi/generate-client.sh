#!/usr/bin/env bash
# Generate the integrators' Python client from openapi.json into $1 (default: openapi/python-client).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/python-client}"
rm -rf "$out"
uv run --project "$here/.." openapi-python-client generate \
    --path "$here/openapi.json" \
    --output-path "$out" \
    --meta uv \
    --config "$here/python-client-config.yaml" >/dev/null
python3 "$here/patch-client.py" "$out"
# The hand-written helpers (run_and_wait, follow_run) are part of the package.
cp "$here/client-helpers/helpers.py" "$out/skriptoteket_client/helpers.py"
