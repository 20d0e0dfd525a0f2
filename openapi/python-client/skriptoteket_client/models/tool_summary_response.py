from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ToolSummaryResponse")


@_attrs_define
class ToolSummaryResponse:
    """
    Attributes:
        categories (list[str]):
        is_favorite (bool):
        professions (list[str]):
        slug (str):
        summary (str):
        title (str):
        updated_at (datetime.datetime):
    """

    categories: list[str]
    is_favorite: bool
    professions: list[str]
    slug: str
    summary: str
    title: str
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        categories = self.categories

        is_favorite = self.is_favorite

        professions = self.professions

        slug = self.slug

        summary = self.summary

        title = self.title

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "categories": categories,
                "is_favorite": is_favorite,
                "professions": professions,
                "slug": slug,
                "summary": summary,
                "title": title,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        categories = cast(list[str], d.pop("categories"))

        is_favorite = d.pop("is_favorite")

        professions = cast(list[str], d.pop("professions"))

        slug = d.pop("slug")

        summary = d.pop("summary")

        title = d.pop("title")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        tool_summary_response = cls(
            categories=categories,
            is_favorite=is_favorite,
            professions=professions,
            slug=slug,
            summary=summary,
            title=title,
            updated_at=updated_at,
        )

        tool_summary_response.additional_properties = d
        return tool_summary_response

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
