"""Tools, their versions and the rules that govern them: slugs, states and who may do what.

Pure: no I/O. Handlers load the facts (the tool, the version, whether the principal maintains
the tool) and ask these functions what is allowed.
"""

from __future__ import annotations

import enum
import hashlib
import json
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar
from uuid import UUID

from .errors import Conflict, FieldError, Forbidden, InvalidInput, NotFound
from .examples import ExampleInfo, examples_digest
from .users import Principal, Role


class VersionState(enum.StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    PUBLISHED = "published"
    ARCHIVED = "archived"
    CHANGES_REQUESTED = "changes_requested"


class VersionAction(enum.StrEnum):
    SUBMIT = "submit"
    PUBLISH = "publish"
    REQUEST_CHANGES = "request_changes"
    ARCHIVE = "archive"


# Every allowed move of one version. A version's content never changes: "back to draft" after
# changes were requested means saving a new version (a new draft) on top of it. A rollback
# does not move an archived version either; it publishes a copy as a new version.
TRANSITIONS: dict[tuple[VersionState, VersionAction], VersionState] = {
    (VersionState.DRAFT, VersionAction.SUBMIT): VersionState.IN_REVIEW,
    (VersionState.IN_REVIEW, VersionAction.PUBLISH): VersionState.PUBLISHED,
    (VersionState.IN_REVIEW, VersionAction.REQUEST_CHANGES): VersionState.CHANGES_REQUESTED,
    (VersionState.PUBLISHED, VersionAction.ARCHIVE): VersionState.ARCHIVED,
}


def next_state(state: VersionState, action: VersionAction) -> VersionState:
    """The state after `action`, or 409 `invalid_state` when the move is not allowed."""
    try:
        return TRANSITIONS[(state, action)]
    except KeyError:
        raise Conflict(
            f"A version that is {state.value} cannot be {_PAST[action]}.", code="invalid_state"
        ) from None


_PAST = {
    VersionAction.SUBMIT: "submitted for review",
    VersionAction.PUBLISH: "published",
    VersionAction.REQUEST_CHANGES: "sent back for changes",
    VersionAction.ARCHIVE: "archived",
}


@dataclass(frozen=True, slots=True)
class Tool:
    id: UUID
    slug: str
    title: str
    summary: str
    professions: tuple[str, ...]
    categories: tuple[str, ...]
    listed: bool
    created_at: datetime
    updated_at: datetime
    active_version_id: UUID | None = None
    active_version_number: int | None = None
    ever_published: bool = False

    @property
    def in_catalog(self) -> bool:
        """What every signed-in user sees: listed and with a published version."""
        return self.listed and self.active_version_id is not None


@dataclass(frozen=True, slots=True)
class ToolToRun:
    """What starting a run of a tool needs to know, read together."""

    tool: Tool
    is_maintainer: bool  # the caller maintains the tool
    manifest: dict[str, Any] | None  # the active version's; None when there is none


@dataclass(frozen=True, slots=True)
class Author:
    id: UUID
    display_name: str


@dataclass(frozen=True, slots=True)
class ToolVersion:
    id: UUID
    tool_id: UUID
    number: int
    state: VersionState
    manifest: dict[str, Any]
    files: dict[str, str]
    content_hash: str
    author: Author
    change_summary: str
    review_note: str | None
    created_at: datetime
    # examples/<case>/ kept with the version (domain.examples); their bytes are stored apart.
    examples: tuple[ExampleInfo, ...] = ()
    # A rollback's copy names the version it restored: the versions between the two were
    # withdrawn by it, and their open sessions end (application/runs/tool_sessions.py).
    restored_from: int | None = None


@dataclass(frozen=True, slots=True)
class ToolAccess:
    """What one principal may do with one tool."""

    can_view: bool  # GET /tools/{slug}
    can_edit: bool  # metadata, versions, submit


def access(principal: Principal, tool: Tool, *, is_maintainer: bool) -> ToolAccess:
    admin = principal.role.at_least(Role.ADMIN)
    edit = admin or (is_maintainer and principal.role.at_least(Role.CONTRIBUTOR))
    return ToolAccess(can_view=edit or tool.in_catalog, can_edit=edit)


def require_edit(principal: Principal, tool: Tool, *, is_maintainer: bool) -> None:
    """404 when the tool is not even visible to the principal (no existence leak), else 403."""
    allowed = access(principal, tool, is_maintainer=is_maintainer)
    if not allowed.can_view:
        raise NotFound("No such tool.")
    if not allowed.can_edit:
        raise Forbidden("Only the tool's maintainers and admins may change it.")


def require_not_author(principal: Principal, version: ToolVersion) -> None:
    """Four eyes: nobody publishes a version they wrote, whatever their role.

    The issue says a contributor may not publish their own tool; publishing needs an admin
    anyway, so the rule that matters is the admin (or superuser) who also wrote the version.
    They are refused too: another admin reviews it. A superuser's rollback is not affected,
    because it republishes content that was reviewed when it was first published.
    """
    if version.author.id == principal.id:
        raise Forbidden(
            "You wrote this version; another admin must review and publish it.",
            code="own_version",
        )


# Slugs appear in URLs (/verktyg/<slug>, /api/v1/tools/<slug>); words that the SPA or the
# API use as path segments are kept free.
SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")
RESERVED_SLUGS = frozenset(
    {
        "admin",
        "api",
        "new",
        "ny",
        "nytt",
        "edit",
        "redigera",
        "search",
        "sok",
        "favorites",
        "favoriter",
        "settings",
        "installningar",
        "versions",
        "runs",
        "korningar",
        "mina-verktyg",
        "granskning",
        "verktyg",
        "tools",
    }
)


def slug_errors(slug: str, field_name: str = "$.slug") -> list[FieldError]:
    if not SLUG.match(slug) or "--" in slug:
        return [
            FieldError(
                field_name,
                "invalid_slug",
                "Use 1-64 lower-case letters a-z, digits and single hyphens, "
                "starting and ending with a letter or digit.",
            )
        ]
    if slug in RESERVED_SLUGS:
        return [FieldError(field_name, "reserved_slug", f"'{slug}' is reserved; pick another.")]
    return []


def check_slug(slug: str, field_name: str = "$.slug") -> None:
    errors = slug_errors(slug, field_name)
    if errors:
        raise InvalidInput(errors)


def content_hash(
    manifest: dict[str, Any], files: dict[str, str], examples: tuple[ExampleInfo, ...] = ()
) -> str:
    """sha256 over a canonical JSON of manifest, files and (when there are any) examples:
    equal content, equal hash."""
    content: dict[str, Any] = {"manifest": manifest, "files": files}
    digest = examples_digest(examples)
    if digest is not None:
        content["examples"] = digest
    canonical = json.dumps(
        content,
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class CatalogQuery:
    """GET /tools: OR within one facet, AND across facets; `q` is full-text with prefixes."""

    q: str | None = None
    professions: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    favorites_only: bool = False
    limit: int = 50
    offset: int = 0


@dataclass(frozen=True, slots=True)
class ToolSummary:
    slug: str
    title: str
    summary: str
    professions: tuple[str, ...]
    categories: tuple[str, ...]
    is_favorite: bool
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class AuthoringEntry:
    """A tool as its maintainers see it: with its newest version, whatever its state."""

    tool: Tool
    head_number: int | None
    head_state: VersionState | None


@dataclass(frozen=True, slots=True)
class TaxonomyEntry:
    slug: str
    label: str


class TaxonomyKind(enum.StrEnum):
    PROFESSION = "profession"
    CATEGORY = "category"


T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int


class SuggestionStatus(enum.StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"


@dataclass(frozen=True, slots=True)
class Suggestion:
    id: UUID
    proposer: Author
    title: str
    description: str
    status: SuggestionStatus
    created_at: datetime
    decision_reason: str | None = None
    decided_by: UUID | None = None
    decided_at: datetime | None = None
    tool_slug: str | None = None


@dataclass(frozen=True, slots=True)
class WorkingCopy:
    """A maintainer's unsaved edits of a tool, kept by the server so none are lost: the manifest
    and files as typed (not validated: work in progress may be invalid) and the version number
    they were started from."""

    user_id: UUID
    tool_id: UUID
    manifest: dict[str, Any]
    files: dict[str, str]
    base_version: int
    updated_at: datetime
