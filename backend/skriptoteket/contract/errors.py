"""The contract's one error type: a list of problems, each at a JSON path.

Free of web concerns on purpose: the catalog and runs code turn it into a 422 problem,
the worker into a `contract_violation`, the toolkit into a message for the author.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem: where (`$.inputs[3].name`, or a field name for a submission), what, why."""

    path: str
    code: str
    message: str


class ContractError(ValueError):
    """Something does not follow the tool contract; `issues` says what, where."""

    def __init__(self, issues: list[Issue], message: str | None = None) -> None:
        self.issues = issues
        first = issues[0] if issues else None
        summary = message or (
            f"{first.path}: {first.message}" if first else "does not follow the tool contract"
        )
        if len(issues) > 1 and message is None:
            summary += f" (and {len(issues) - 1} more)"
        super().__init__(summary)


class ManifestError(ContractError):
    """A manifest (or an action's form) is not valid."""


class SubmissionError(ContractError):
    """Submitted values do not satisfy their form; each issue's `path` is the field name."""
