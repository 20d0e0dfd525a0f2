"""The answer of POST/GET /tools/{slug}/versions/{number}/example-runs."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from msgspec import Meta

from skriptoteket.domain.example_runs import ExampleRunView

from .base import ApiStruct
from .runs import RunResponse


class ExampleRefusal(ApiStruct):
    code: str
    message: str


class ExampleRunItem(ApiStruct):
    case: Annotated[str, Meta(description="The example's name (examples/<case>/)")]
    run: Annotated[
        RunResponse | None,
        Meta(
            description="The sandbox run: the latest of the example's runs (its first, then "
            "one per action taken); null when its files were refused"
        ),
    ]
    started_at: datetime
    refused: Annotated[
        ExampleRefusal | None,
        Meta(
            description="Why the server refused the example's files before any run, or (with "
            "a run) the action after it"
        ),
    ] = None
    expected_met: Annotated[
        bool | None,
        Meta(
            description="Whether it ended as expected.json says (its last run, after its "
            "actions; a run before that which does not succeed, or a refused action, is not "
            "met); null while running, or when there is nothing to check (no expected.json)"
        ),
    ] = None
    step: Annotated[
        int,
        Meta(
            description="How many of the example's actions (actions.json) were taken: 0 for "
            "its first run. Reading this list takes the next one once the run succeeded."
        ),
    ] = 0
    steps: Annotated[int, Meta(description="The example's runs in all: 1 + its actions")] = 1

    @classmethod
    def from_view(cls, v: ExampleRunView) -> ExampleRunItem:
        return cls(
            case=v.case,
            run=RunResponse.from_view(v.run) if v.run else None,
            refused=ExampleRefusal(code=v.refusal.code, message=v.refusal.message)
            if v.refusal
            else None,
            expected_met=v.expected_met,
            started_at=v.created_at,
            step=v.step,
            steps=v.steps,
        )


class ExampleRuns(ApiStruct):
    version: int
    runs: list[ExampleRunItem]

    @classmethod
    def from_views(cls, version: int, views: list[ExampleRunView]) -> ExampleRuns:
        return cls(version=version, runs=[ExampleRunItem.from_view(v) for v in views])
