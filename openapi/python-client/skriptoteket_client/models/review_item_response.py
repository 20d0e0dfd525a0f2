from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.review_author import ReviewAuthor


T = TypeVar("T", bound="ReviewItemResponse")


@_attrs_define
class ReviewItemResponse:
    """
    Attributes:
        active_version (int | None): The version to compare with
        author (ReviewAuthor):
        change_summary (str):
        created_at (datetime.datetime):
        number (int):
        tool_slug (str):
        tool_title (str):
    """

    active_version: int | None
    author: ReviewAuthor
    change_summary: str
    created_at: datetime.datetime
    number: int
    tool_slug: str
    tool_title: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        active_version: int | None
        active_version = self.active_version

        author = self.author.to_dict()

        change_summary = self.change_summary

        created_at = self.created_at.isoformat()

        number = self.number

        tool_slug = self.tool_slug

        tool_title = self.tool_title

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "active_version": active_version,
                "author": author,
                "change_summary": change_summary,
                "created_at": created_at,
                "number": number,
                "tool_slug": tool_slug,
                "tool_title": tool_title,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.review_author import ReviewAuthor  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_active_version(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        active_version = _parse_active_version(d.pop("active_version"))

        author = ReviewAuthor.from_dict(d.pop("author"))

        change_summary = d.pop("change_summary")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        number = d.pop("number")

        tool_slug = d.pop("tool_slug")

        tool_title = d.pop("tool_title")

        review_item_response = cls(
            active_version=active_version,
            author=author,
            change_summary=change_summary,
            created_at=created_at,
            number=number,
            tool_slug=tool_slug,
            tool_title=tool_title,
        )

        review_item_response.additional_properties = d
        return review_item_response

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
