from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.version_summary_response_state import VersionSummaryResponseState

if TYPE_CHECKING:
    from ..models.author_response import AuthorResponse


T = TypeVar("T", bound="VersionSummaryResponse")


@_attrs_define
class VersionSummaryResponse:
    """
    Attributes:
        author (AuthorResponse):
        change_summary (str):
        content_hash (str):
        created_at (datetime.datetime):
        number (int):
        review_note (None | str):
        state (VersionSummaryResponseState):
    """

    author: AuthorResponse
    change_summary: str
    content_hash: str
    created_at: datetime.datetime
    number: int
    review_note: None | str
    state: VersionSummaryResponseState
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        author = self.author.to_dict()

        change_summary = self.change_summary

        content_hash = self.content_hash

        created_at = self.created_at.isoformat()

        number = self.number

        review_note: None | str
        review_note = self.review_note

        state = self.state.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "author": author,
                "change_summary": change_summary,
                "content_hash": content_hash,
                "created_at": created_at,
                "number": number,
                "review_note": review_note,
                "state": state,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.author_response import AuthorResponse  # noqa: PLC0415

        d = dict(src_dict)
        author = AuthorResponse.from_dict(d.pop("author"))

        change_summary = d.pop("change_summary")

        content_hash = d.pop("content_hash")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        number = d.pop("number")

        def _parse_review_note(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        review_note = _parse_review_note(d.pop("review_note"))

        state = VersionSummaryResponseState(d.pop("state"))

        version_summary_response = cls(
            author=author,
            change_summary=change_summary,
            content_hash=content_hash,
            created_at=created_at,
            number=number,
            review_note=review_note,
            state=state,
        )

        version_summary_response.additional_properties = d
        return version_summary_response

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
