"""How long the result normalizer takes on large results (figures only; never fails on time)."""

from __future__ import annotations

import json
import time

import msgspec

from skriptoteket.contract.normalize import normalize_result, ui_payload_size


def timed(label: str, raw: object) -> float:
    start = time.perf_counter()
    result = normalize_result(raw)
    elapsed = (time.perf_counter() - start) * 1000
    print(f"{label}: {elapsed:.0f} ms, status {result.status}, payload {ui_payload_size(result)} B")
    return elapsed


def main() -> None:
    rows = [{"n": i, "namn": f"Elev {i}", "poang": i % 7} for i in range(100_000)]
    table = {"kind": "table", "columns": [{"key": "n"}, {"key": "namn"}, {"key": "poang"}]}
    big = {"status": "succeeded", "outputs": [{**table, "rows": rows}]}
    near_limit = {"status": "succeeded", "outputs": [{**table, "rows": rows[:25_000]}]}
    near_limit_bytes = msgspec.json.encode(near_limit)
    deep = (
        '{"status":"succeeded","outputs":[{"kind":"json","value":' + "[" * 1000 + "]" * 1000 + "}]}"
    )
    typical = {
        "status": "succeeded",
        "outputs": [
            {"kind": "notice", "message": "Klart"},
            {**table, "rows": rows[:200]},
            {"kind": "markdown", "markdown": "# Rubrik\n" * 200},
        ],
    }
    figures = {
        "typical_ms": timed("typical result (200 rows)", json.dumps(typical).encode()),
        "rows_100k_object_ms": timed("100,000 rows as a value", big),
        "result_near_2mib_ms": timed(
            f"result.json of {len(near_limit_bytes) // 1024} KiB", near_limit_bytes
        ),
        "deep_1000_ms": timed("JSON nested 1000 deep", deep.encode()),
    }
    print(json.dumps({k: round(v, 1) for k, v in figures.items()}))


if __name__ == "__main__":
    main()
