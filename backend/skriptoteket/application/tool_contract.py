"""The tool contract's errors as the domain's: a ContractError becomes InvalidInput (422),
each issue a FieldError at its JSON path (`$.inputs[3].name`) or field name."""

from __future__ import annotations

from skriptoteket.contract.errors import ContractError
from skriptoteket.domain.errors import FieldError, InvalidInput


def invalid_input(error: ContractError, message: str | None = None) -> InvalidInput:
    return InvalidInput(
        [FieldError(issue.path, issue.code, issue.message) for issue in error.issues], message
    )
