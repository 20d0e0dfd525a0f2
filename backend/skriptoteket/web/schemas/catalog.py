"""Request and response shapes of the catalog, authoring, governance and suggestions."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal
from urllib.parse import quote
from uuid import UUID

import msgspec
from msgspec import UNSET, Meta, UnsetType

from skriptoteket.application.catalog.browse import ToolView
from skriptoteket.application.catalog.working_copy import WorkingCopyView
from skriptoteket.contract import Manifest
from skriptoteket.domain.catalog import (
    Author,
    AuthoringEntry,
    Page,
    Suggestion,
    TaxonomyEntry,
    ToolSummary,
    ToolVersion,
)
from skriptoteket.domain.examples import ExampleInfo, NewExample
from skriptoteket.domain.users import User

from .base import ApiStruct
from .identity import RoleName

# Slug rules (pattern, reserved words) are the domain's, reported per field as 422.
Slug = Annotated[str, Meta(min_length=1, max_length=64, description="lower-case a-z, 0-9, -")]
# PostgreSQL text cannot hold NUL: one-line texts refuse all control characters, longer
# texts NUL (a field error, not a database error).
_ONE_LINE = r"^[^\x00-\x1f\x7f]*$"
_NO_NUL = r"^[^\x00]*$"
Title = Annotated[str, Meta(min_length=1, max_length=200, pattern=_ONE_LINE)]
SummaryText = Annotated[str, Meta(max_length=1000, pattern=_NO_NUL)]
Label = Annotated[str, Meta(min_length=1, max_length=100, pattern=_ONE_LINE)]
Slugs = Annotated[list[Slug], Meta(max_length=20)]
LongText = Annotated[str, Meta(min_length=1, max_length=5000, pattern=_NO_NUL)]
VersionStateName = Literal["draft", "in_review", "published", "archived", "changes_requested"]
SuggestionStatusName = Literal["pending", "accepted", "declined"]


def manifest_of(data: dict[str, Any]) -> Manifest:
    """Stored manifests were validated at save; this only re-types them."""
    return msgspec.convert(data, Manifest, str_keys=True)


class TaxonomyEntryResponse(ApiStruct):
    slug: str
    label: str

    @classmethod
    def from_domain(cls, entry: TaxonomyEntry) -> TaxonomyEntryResponse:
        return cls(slug=entry.slug, label=entry.label)


class NewTaxonomyEntryRequest(ApiStruct):
    slug: Slug
    label: Label


class ToolSummaryResponse(ApiStruct):
    slug: str
    title: str
    summary: str
    professions: list[str]
    categories: list[str]
    is_favorite: bool
    updated_at: datetime

    @classmethod
    def from_domain(cls, s: ToolSummary) -> ToolSummaryResponse:
        return cls(
            slug=s.slug,
            title=s.title,
            summary=s.summary,
            professions=list(s.professions),
            categories=list(s.categories),
            is_favorite=s.is_favorite,
            updated_at=s.updated_at,
        )


class ToolSummaryPage(ApiStruct):
    items: list[ToolSummaryResponse]
    total: int
    limit: int
    offset: int


_ENCODER = msgspec.json.Encoder()


def encode_tool_page(page: Page[ToolSummary]) -> bytes:
    """A catalog page's JSON (ToolSummaryPage), as the catalog keeps it (CatalogPages)."""
    return _ENCODER.encode(
        ToolSummaryPage(
            items=[ToolSummaryResponse.from_domain(s) for s in page.items],
            total=page.total,
            limit=page.limit,
            offset=page.offset,
        )
    )


class ToolDetailResponse(ApiStruct):
    slug: str
    title: str
    summary: str
    professions: list[str]
    categories: list[str]
    is_favorite: bool
    updated_at: datetime
    manifest: Annotated[
        Manifest | None,
        Meta(description="The active version's manifest; null before the first publish."),
    ]
    active_version: int | None
    listed: bool

    @classmethod
    def from_view(cls, view: ToolView) -> ToolDetailResponse:
        tool = view.tool
        return cls(
            slug=tool.slug,
            title=tool.title,
            summary=tool.summary,
            professions=list(tool.professions),
            categories=list(tool.categories),
            is_favorite=view.is_favorite,
            updated_at=tool.updated_at,
            manifest=manifest_of(view.manifest) if view.manifest is not None else None,
            active_version=tool.active_version_number,
            listed=tool.listed,
        )


class CreateToolRequest(ApiStruct):
    slug: Slug
    title: Title
    summary: SummaryText = ""
    professions: Slugs = msgspec.field(default_factory=list)
    categories: Slugs = msgspec.field(default_factory=list)


class UpdateToolRequest(ApiStruct):
    """Only the fields sent change. The slug can change only before the first publish."""

    slug: Slug | UnsetType = UNSET
    title: Title | UnsetType = UNSET
    summary: SummaryText | UnsetType = UNSET
    professions: Slugs | UnsetType = UNSET
    categories: Slugs | UnsetType = UNSET


class VersionRef(ApiStruct):
    number: int
    state: VersionStateName


class AuthoringToolResponse(ApiStruct):
    slug: str
    title: str
    summary: str
    professions: list[str]
    categories: list[str]
    listed: bool
    active_version: int | None
    latest_version: VersionRef | None
    updated_at: datetime

    @classmethod
    def from_domain(cls, entry: AuthoringEntry) -> AuthoringToolResponse:
        tool = entry.tool
        latest = None
        if entry.head_number is not None and entry.head_state is not None:
            latest = VersionRef(number=entry.head_number, state=entry.head_state.value)
        return cls(
            slug=tool.slug,
            title=tool.title,
            summary=tool.summary,
            professions=list(tool.professions),
            categories=list(tool.categories),
            listed=tool.listed,
            active_version=tool.active_version_number,
            latest_version=latest,
            updated_at=tool.updated_at,
        )


class AuthoringToolPage(ApiStruct):
    items: list[AuthoringToolResponse]
    total: int
    limit: int
    offset: int


class AuthorResponse(ApiStruct):
    id: UUID
    display_name: str

    @classmethod
    def from_domain(cls, author: Author) -> AuthorResponse:
        return cls(id=author.id, display_name=author.display_name)


class VersionSummaryResponse(ApiStruct):
    number: int
    state: VersionStateName
    author: AuthorResponse
    change_summary: str
    review_note: str | None
    content_hash: str
    created_at: datetime

    @classmethod
    def from_domain(cls, v: ToolVersion) -> VersionSummaryResponse:
        return cls(
            number=v.number,
            state=v.state.value,
            author=AuthorResponse.from_domain(v.author),
            change_summary=v.change_summary,
            review_note=v.review_note,
            content_hash=v.content_hash,
            created_at=v.created_at,
        )


class VersionSummaryPage(ApiStruct):
    items: list[VersionSummaryResponse]
    total: int
    limit: int
    offset: int


class VersionResponse(ApiStruct):
    number: int
    state: VersionStateName
    author: AuthorResponse
    change_summary: str
    review_note: str | None
    content_hash: str
    created_at: datetime
    manifest: Manifest
    files: dict[str, str]

    @classmethod
    def from_domain(cls, v: ToolVersion) -> VersionResponse:
        return cls(
            number=v.number,
            state=v.state.value,
            author=AuthorResponse.from_domain(v.author),
            change_summary=v.change_summary,
            review_note=v.review_note,
            content_hash=v.content_hash,
            created_at=v.created_at,
            manifest=manifest_of(v.manifest),
            files=v.files,
        )


class SaveVersionRequest(ApiStruct):
    base_version: Annotated[
        int, Meta(ge=0, description="The newest version number you edited; 0 for the first.")
    ]
    manifest: Annotated[
        dict[str, Any],
        Meta(description="A Manifest (tool contract); every problem is reported at its path."),
    ]
    files: Annotated[
        dict[str, str],
        Meta(description="Source files by relative path: .py, .txt, .md, .json, .csv, .toml"),
    ]
    change_summary: Annotated[str, Meta(max_length=2000)] = ""
    examples: Annotated[
        list[ExampleIn] | None,
        Meta(description="The version's examples; left out, the newest version's are kept"),
    ] = None


class RequestChangesRequest(ApiStruct):
    note: LongText


class MaintainerResponse(ApiStruct):
    id: UUID
    email: str
    display_name: str
    role: RoleName

    @classmethod
    def from_domain(cls, user: User) -> MaintainerResponse:
        return cls(
            id=user.id, email=user.email, display_name=user.display_name, role=user.role.value
        )


class MaintainerList(ApiStruct):
    items: list[MaintainerResponse]


class NewSuggestionRequest(ApiStruct):
    title: Title
    description: LongText


class SuggestionResponse(ApiStruct):
    id: UUID
    title: str
    description: str
    status: SuggestionStatusName
    proposer: AuthorResponse
    created_at: datetime
    decision_reason: str | None
    decided_at: datetime | None
    tool_slug: str | None

    @classmethod
    def from_domain(cls, s: Suggestion) -> SuggestionResponse:
        return cls(
            id=s.id,
            title=s.title,
            description=s.description,
            status=s.status.value,
            proposer=AuthorResponse.from_domain(s.proposer),
            created_at=s.created_at,
            decision_reason=s.decision_reason,
            decided_at=s.decided_at,
            tool_slug=s.tool_slug,
        )


class SuggestionPage(ApiStruct):
    items: list[SuggestionResponse]
    total: int
    limit: int
    offset: int


class AcceptSuggestionRequest(ApiStruct):
    """The draft tool to create; title and summary default to the suggestion's."""

    slug: Slug
    title: Title | None = None
    summary: SummaryText | None = None
    professions: Slugs = msgspec.field(default_factory=list)
    categories: Slugs = msgspec.field(default_factory=list)
    maintainer_id: Annotated[
        UUID | None,
        Meta(description="Who maintains the new tool; default: the proposer, if a contributor"),
    ] = None


class DeclineSuggestionRequest(ApiStruct):
    reason: LongText


class WorkingCopyRequest(ApiStruct):
    """The editor's unsaved state; kept as typed (a save checks it)."""

    manifest: Annotated[dict[str, Any], Meta(description="The manifest as edited, maybe invalid")]
    files: Annotated[dict[str, str], Meta(description="Source files by relative path")]
    base_version: Annotated[
        int, Meta(ge=0, description="The version the edits started from; 0 before the first")
    ]


class WorkingCopyResponse(ApiStruct):
    manifest: dict[str, Any]
    files: dict[str, str]
    base_version: int
    head_version: Annotated[
        int,
        Meta(
            description="The tool's newest version now: above base_version, someone else saved "
            "since the edits started"
        ),
    ]
    updated_at: datetime

    @classmethod
    def from_view(cls, view: WorkingCopyView) -> WorkingCopyResponse:
        c = view.copy
        return cls(
            manifest=c.manifest,
            files=c.files,
            base_version=c.base_version,
            head_version=view.head_version,
            updated_at=c.updated_at,
        )


class ExampleFileResponse(ApiStruct):
    name: str
    size: int
    sha256: str
    download_url: Annotated[
        str, Meta(description="GET it for the file's bytes (an attachment), as the tool reads it")
    ]


class ExampleResponse(ApiStruct):
    case: Annotated[str, Meta(description="The example's folder name, examples/<case>/")]
    inputs: Annotated[
        dict[str, Any],
        Meta(description="inputs.json: the first run's inputs; a file field names files below"),
    ]
    actions: Annotated[
        list[dict[str, Any]],
        Meta(description='actions.json: [{"id", "input"}] run in order after the first run'),
    ]
    expected: Annotated[
        dict[str, Any] | None,
        Meta(
            description='expected.json: {"status": "succeeded", "artifacts": [...]} or '
            '{"status": "failed", "error_code", "message_contains"}; null when not given'
        ),
    ]
    files: list[ExampleFileResponse]


class ExampleList(ApiStruct):
    version: Annotated[int, Meta(description="The version the examples belong to")]
    items: list[ExampleResponse]

    @classmethod
    def from_domain(cls, slug: str, number: int, examples: tuple[ExampleInfo, ...]) -> ExampleList:
        return cls(
            version=number,
            items=[
                ExampleResponse(
                    case=e.case,
                    inputs=e.inputs,
                    actions=e.actions,
                    expected=e.expected,
                    files=[
                        ExampleFileResponse(
                            name=f.name,
                            size=f.size,
                            sha256=f.sha256,
                            download_url=f"/api/v1/tools/{slug}/examples/{quote(e.case)}/files/"
                            f"{quote(f.name, safe='')}?version={number}",
                        )
                        for f in e.files
                    ],
                )
                for e in examples
            ],
        )


class ExampleIn(ApiStruct):
    """One example of a saved version: as a tool folder's examples/<case>/."""

    case: Annotated[str, Meta(pattern=r"^[a-z0-9][a-z0-9_-]{0,62}$")]
    inputs: dict[str, Any]
    files: Annotated[
        dict[str, bytes], Meta(description="The case's input files by name, base64-encoded")
    ] = {}
    actions: list[dict[str, Any]] = []
    expected: dict[str, Any] | None = None

    def to_domain(self) -> NewExample:
        return NewExample(
            case=self.case,
            inputs=self.inputs,
            actions=self.actions,
            expected=self.expected,
            files=dict(self.files),
        )
