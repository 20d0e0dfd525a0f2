"""What a tool shows: a list of outputs, a union tagged by `kind`. The platform draws them."""

from __future__ import annotations

from typing import Annotated, Any, Final, Literal

import msgspec

NoticeLevel = Literal["info", "success", "warning", "error"]
ColumnType = Literal["text", "number", "integer", "boolean", "date"]
Cell = str | int | float | bool | None
ArtifactPath = Annotated[
    str,
    msgspec.Meta(
        min_length=1,
        max_length=255,
        description="A path relative to /work/output: no leading /, no `..`",
    ),
]
Title = Annotated[str, msgspec.Meta(max_length=200)]


class OutputBase(
    msgspec.Struct,
    kw_only=True,
    frozen=True,
    forbid_unknown_fields=True,
    omit_defaults=True,
    tag_field="kind",
):
    pass


class NoticeOutput(OutputBase, tag="notice", kw_only=True, frozen=True):
    """A banner. `system` marks the platform's own notices (a truncation, a broken output)."""

    level: NoticeLevel = "info"
    message: str
    system: bool = False


class MarkdownOutput(OutputBase, tag="markdown", kw_only=True, frozen=True):
    """Markdown, drawn as sanitized HTML (no raw HTML, scripts or iframes)."""

    markdown: str


class TableColumn(
    msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True, omit_defaults=True
):
    key: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
    label: Title
    type: ColumnType | None = None


class TableOutput(OutputBase, tag="table", kw_only=True, frozen=True):
    """A sortable table; each row maps column keys to scalar cells."""

    title: Title | None = None
    columns: list[TableColumn]
    rows: list[dict[str, Cell]]


class JsonOutput(OutputBase, tag="json", kw_only=True, frozen=True):
    """Any JSON value, drawn as a collapsible viewer."""

    title: Title | None = None
    value: Any


class HtmlOutput(OutputBase, tag="html", kw_only=True, frozen=True):
    """HTML in an iframe with an empty `sandbox` attribute: no scripts, no remote loads."""

    html: str
    height: Annotated[int, msgspec.Meta(ge=20, le=4000)] | None = None


class FileOutput(OutputBase, tag="file", kw_only=True, frozen=True):
    """A download card for an artifact, placed where the tool put it."""

    artifact: ArtifactPath
    label: Title | None = None


class ImageOutput(OutputBase, tag="image", kw_only=True, frozen=True):
    """An inline image (PNG, JPEG or SVG artifact) served from the platform's origin."""

    artifact: ArtifactPath
    alt: Annotated[str, msgspec.Meta(max_length=1000)]


Output = (
    NoticeOutput | MarkdownOutput | TableOutput | JsonOutput | HtmlOutput | FileOutput | ImageOutput
)

OUTPUT_KINDS: Final = ("notice", "markdown", "table", "json", "html", "file", "image")
IMAGE_EXTENSIONS: Final = (".png", ".jpg", ".jpeg", ".svg")
