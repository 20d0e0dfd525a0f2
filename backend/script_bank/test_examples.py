"""Every example of every tool, run offline: it ends as expected.json says, and what it makes opens."""

from __future__ import annotations

from pathlib import Path

import pytest
from bank_testing import Example, all_examples, check_artifact, run_example


@pytest.mark.parametrize(
    ("slug", "case"), all_examples(), ids=[f"{s}/{c}" for s, c in all_examples()]
)
def test_example_ends_as_expected(slug: str, case: str, tmp_path: Path) -> None:
    example = Example.load(slug, case)
    steps = run_example(example, tmp_path)
    last = steps[-1]
    expected = example.expected
    if expected["status"] == "succeeded":
        assert len(steps) == 1 + len(example.actions), [s.error for s in steps]
        for step in steps:
            assert step.status == "succeeded", step.error
            assert step.outputs(), "a successful run shows at least one output"
        assert last.artifacts() == sorted(expected["artifacts"])
        for name in last.artifacts():
            check_artifact(last.output_dir / name)
        for output in last.outputs():
            if output["kind"] in {"file", "image"}:
                assert (last.output_dir / output["artifact"]).is_file(), output
    else:
        assert last.status == "failed"
        assert last.error["code"] == expected["error_code"], last.error
        assert expected["message_contains"] in last.error["message"], last.error["message"]
