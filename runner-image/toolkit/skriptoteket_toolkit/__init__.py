"""Skriptoteket's toolkit for tool authors (contract version 1).

A tool is a function `run(ctx)` that returns a result; the platform draws it.

    from skriptoteket_toolkit import UserError, markdown, notice, result, table

    def run(ctx):
        namn = ctx.inputs["namn"]
        if namn == "ingen":
            raise UserError("Skriv ett riktigt namn.")
        return result(notice(f"Hej {namn}!", level="success"))
"""

from __future__ import annotations

from .context import ActionCall, Context, InputFile, UserError
from .outputs import (
    action,
    artifact,
    boolean_field,
    clear_state,
    date_field,
    enum_field,
    file,
    file_field,
    html,
    image,
    integer_field,
    json_view,
    keep_state,
    markdown,
    multi_enum_field,
    notice,
    number_field,
    option,
    replace_state,
    result,
    string_field,
    table,
    text_field,
)

CONTRACT_VERSION = 1

__all__ = [
    "CONTRACT_VERSION",
    "ActionCall",
    "Context",
    "InputFile",
    "UserError",
    "action",
    "artifact",
    "boolean_field",
    "clear_state",
    "date_field",
    "enum_field",
    "file",
    "file_field",
    "html",
    "image",
    "integer_field",
    "json_view",
    "keep_state",
    "markdown",
    "multi_enum_field",
    "notice",
    "number_field",
    "option",
    "replace_state",
    "result",
    "string_field",
    "table",
    "text_field",
]
