"""The manifest of a tool version, and its validation (structure and meaning) with JSON paths."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Annotated, Final, Literal

import msgspec

from .base import ContractStruct
from .errors import Issue, ManifestError
from .fields import (
    MAX_FIELDS_PER_FORM,
    DateField,
    EnumField,
    Field,
    FileField,
    IntegerField,
    MultiEnumField,
    NumberField,
    StringField,
    TextField,
)
from .limits import DEFAULT_LIMITS, Limits
from .paths import issue_from

ENTRYPOINT_PATTERN: Final = r"^[A-Za-z0-9_][A-Za-z0-9_./-]{0,199}\.py:[A-Za-z_][A-Za-z0-9_]{0,99}$"
SOURCE_PATH_PATTERN: Final = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_./-]{0,199}$")
MAX_USAGE_LENGTH: Final = 64 * 1024

Form = Annotated[list[Field], msgspec.Meta(max_length=MAX_FIELDS_PER_FORM)]


class ToolLimits(ContractStruct, kw_only=True, frozen=True):
    """What a tool asks for; clamped to the platform's maxima."""

    timeout_s: Annotated[int, msgspec.Meta(ge=1)] | None = None
    memory_mb: Annotated[int, msgspec.Meta(ge=1)] | None = None


class Manifest(ContractStruct, kw_only=True, frozen=True, omit_defaults=False):
    """What a tool version declares: how to call it and the forms it needs."""

    contract: Literal[1] = 1
    entrypoint: Annotated[
        str,
        msgspec.Meta(
            pattern=ENTRYPOINT_PATTERN, description="`file.py:function`, relative to the tool"
        ),
    ] = "main.py:run"
    usage: Annotated[
        str, msgspec.Meta(max_length=MAX_USAGE_LENGTH, description="Markdown above the form")
    ] = ""
    inputs: Form = msgspec.field(default_factory=list)
    settings: Form = msgspec.field(default_factory=list)
    limits: ToolLimits | None = None
    # A tool handling especially sensitive data may keep its runs' content for fewer days than
    # the platform does (never more: the smaller of the two applies; 0 = once delivered).
    retention_days: (
        Annotated[
            int,
            msgspec.Meta(
                ge=0,
                le=3650,
                description="Keep this tool's run content at most this many days (only "
                "shorter than the platform's retention has an effect)",
            ),
        ]
        | None
    ) = None

    @property
    def entry_file(self) -> str:
        return self.entrypoint.rpartition(":")[0]

    @property
    def entry_function(self) -> str:
        return self.entrypoint.rpartition(":")[2]


def validate_manifest(data: object, limits: Limits = DEFAULT_LIMITS) -> Manifest:
    """A Manifest from decoded JSON/TOML, or ManifestError listing every problem found with its
    JSON path. Tool limits are clamped to `limits`' maxima (asking for more is not an error)."""
    if not isinstance(data, Mapping):
        raise ManifestError([Issue("$", "invalid_type", "A manifest is an object.")])
    issues: list[Issue] = []
    # Fields one by one first, so that every broken field is reported, not only the first.
    forms: dict[str, list[Field]] = {}
    for form in ("inputs", "settings"):
        raw = data.get(form, [])
        if isinstance(raw, list):
            forms[form] = check_form(
                raw, f"$.{form}", issues, limits=limits, allow_files=form == "inputs"
            )
    try:  # the rest of the manifest, with the forms already checked left out
        msgspec.convert({**data, **{form: [] for form in forms}}, Manifest, str_keys=True)
    except msgspec.ValidationError as exc:
        issues.append(issue_from(exc))
    if issues:
        raise ManifestError(issues)
    manifest = msgspec.convert(data, Manifest, str_keys=True)
    if ".." in manifest.entry_file.split("/"):
        raise ManifestError(
            [Issue("$.entrypoint", "pattern", "The entrypoint must be inside the tool.")]
        )
    if manifest.limits is not None:
        manifest = msgspec.structs.replace(
            manifest,
            limits=ToolLimits(
                timeout_s=None
                if manifest.limits.timeout_s is None
                else limits.clamp_timeout(manifest.limits.timeout_s),
                memory_mb=None
                if manifest.limits.memory_mb is None
                else limits.clamp_memory(manifest.limits.memory_mb),
            ),
        )
    return manifest


def validate_sources(
    manifest: Manifest, files: Mapping[str, str], limits: Limits = DEFAULT_LIMITS
) -> None:
    """A version's source files: safe relative paths, within the size limit, the entrypoint
    among them. Raises ManifestError with paths like `$.files["main.py"]`."""
    issues: list[Issue] = []
    total = 0
    for path, text in files.items():
        where = f"$.files[{msgspec.json.encode(path).decode()}]"
        if not SOURCE_PATH_PATTERN.match(path) or ".." in path.split("/"):
            issues.append(Issue(where, "pattern", "A file path is relative, without `..`."))
        total += len(text.encode("utf-8", "surrogatepass"))
    if total > limits.source_bytes:
        issues.append(
            Issue("$.files", "too_large", f"The files are larger than {limits.source_bytes} bytes.")
        )
    if manifest.entry_file not in files:
        issues.append(
            Issue("$.entrypoint", "not_found", f"There is no file {manifest.entry_file}.")
        )
    if issues:
        raise ManifestError(issues)


def check_form(
    raw_fields: Sequence[object],
    path: str,
    issues: list[Issue],
    *,
    limits: Limits = DEFAULT_LIMITS,
    allow_files: bool = True,
) -> list[Field]:
    """Decode a form's fields one by one and check what types cannot say; append problems to
    `issues` and return the fields that decoded."""
    if len(raw_fields) > limits.fields_per_form:
        issues.append(
            Issue(path, "too_many", f"A form has at most {limits.fields_per_form} fields.")
        )
    fields: list[Field] = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_fields):
        where = f"{path}[{index}]"
        try:
            field: Field = msgspec.convert(raw, Field, str_keys=True)
        except msgspec.ValidationError as exc:
            issues.append(issue_from(exc, where))
            continue
        if field.name in seen:
            issues.append(Issue(f"{where}.name", "duplicate", f"The name {field.name} is taken."))
        seen.add(field.name)
        if isinstance(field, FileField) and not allow_files:
            issues.append(Issue(f"{where}.kind", "not_allowed", "Settings cannot hold files."))
        issues.extend(_meaning(field, where))
        fields.append(field)
    return fields


def _meaning(field: Field, where: str) -> list[Issue]:
    """Checks across attributes: ranges, defaults within them, options."""
    found: list[Issue] = []

    def bad(attribute: str, code: str, message: str) -> None:
        found.append(Issue(f"{where}.{attribute}", code, message))

    if isinstance(field, IntegerField | NumberField | DateField):
        low: float | date | None = field.min
        high: float | date | None = field.max
        if low is not None and high is not None and low > high:  # type: ignore[operator]
            bad("min", "invalid_range", "min must not be greater than max.")
        default = field.default
        if default is not None and (
            (low is not None and default < low) or (high is not None and default > high)  # type: ignore[operator]
        ):
            bad("default", "out_of_range", "The default must lie within min and max.")
    default_off_step = (
        isinstance(field, NumberField)
        and field.default is not None
        and not field.on_step(field.default)
    )
    if default_off_step:
        bad("default", "out_of_range", "The default must be a whole number of steps.")
    if (
        isinstance(field, StringField | TextField)
        and field.default is not None
        and field.max_length is not None
        and len(field.default) > field.max_length
    ):
        bad("default", "too_long", "The default is longer than max_length.")
    if isinstance(field, EnumField | MultiEnumField):
        values: set[str] = set()
        for number, option in enumerate(field.options):
            if option.value in values:
                bad(f"options[{number}].value", "duplicate", f"{option.value} is listed twice.")
            values.add(option.value)
        chosen = [field.default] if isinstance(field.default, str) else list(field.default or [])
        for value in chosen:
            if value not in values:
                bad("default", "invalid_choice", f"{value} is not one of the options.")
    if isinstance(field, MultiEnumField):
        if (
            field.min_items is not None
            and field.max_items is not None
            and field.min_items > field.max_items
        ):
            bad("min_items", "invalid_range", "min_items must not be greater than max_items.")
        if field.min_items is not None and field.min_items > len(field.options):
            bad("min_items", "out_of_range", "min_items is more than there are options.")
    if (
        isinstance(field, FileField)
        and field.min_files is not None
        and field.max_files is not None
        and field.min_files > field.max_files
    ):
        bad("min_files", "invalid_range", "min_files must not be greater than max_files.")
    return found
