from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.suggestion_response_status import SuggestionResponseStatus

if TYPE_CHECKING:
    from ..models.author_response import AuthorResponse


T = TypeVar("T", bound="SuggestionResponse")


@_attrs_define
class SuggestionResponse:
    """
    Attributes:
        created_at (datetime.datetime):
        decided_at (datetime.datetime | None):
        decision_reason (None | str):
        description (str):
        id (UUID):
        proposer (AuthorResponse):
        status (SuggestionResponseStatus):
        title (str):
        tool_slug (None | str):
    """

    created_at: datetime.datetime
    decided_at: datetime.datetime | None
    decision_reason: None | str
    description: str
    id: UUID
    proposer: AuthorResponse
    status: SuggestionResponseStatus
    title: str
    tool_slug: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        decided_at: None | str
        if isinstance(self.decided_at, datetime.datetime):
            decided_at = self.decided_at.isoformat()
        else:
            decided_at = self.decided_at

        decision_reason: None | str
        decision_reason = self.decision_reason

        description = self.description

        id = str(self.id)

        proposer = self.proposer.to_dict()

        status = self.status.value

        title = self.title

        tool_slug: None | str
        tool_slug = self.tool_slug

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "decided_at": decided_at,
                "decision_reason": decision_reason,
                "description": description,
                "id": id,
                "proposer": proposer,
                "status": status,
                "title": title,
                "tool_slug": tool_slug,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.author_response import AuthorResponse  # noqa: PLC0415

        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_decided_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                decided_at_type_0 = datetime.datetime.fromisoformat(data)

                return decided_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        decided_at = _parse_decided_at(d.pop("decided_at"))

        def _parse_decision_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        decision_reason = _parse_decision_reason(d.pop("decision_reason"))

        description = d.pop("description")

        id = UUID(d.pop("id"))

        proposer = AuthorResponse.from_dict(d.pop("proposer"))

        status = SuggestionResponseStatus(d.pop("status"))

        title = d.pop("title")

        def _parse_tool_slug(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        tool_slug = _parse_tool_slug(d.pop("tool_slug"))

        suggestion_response = cls(
            created_at=created_at,
            decided_at=decided_at,
            decision_reason=decision_reason,
            description=description,
            id=id,
            proposer=proposer,
            status=status,
            title=title,
            tool_slug=tool_slug,
        )

        suggestion_response.additional_properties = d
        return suggestion_response

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
