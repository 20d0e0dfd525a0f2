from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="PopularToolResponse")


@_attrs_define
class PopularToolResponse:
    """
    Attributes:
        is_favorite (bool):
        slug (str):
        summary (str):
        title (str):
    """

    is_favorite: bool
    slug: str
    summary: str
    title: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        is_favorite = self.is_favorite

        slug = self.slug

        summary = self.summary

        title = self.title

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "is_favorite": is_favorite,
                "slug": slug,
                "summary": summary,
                "title": title,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        is_favorite = d.pop("is_favorite")

        slug = d.pop("slug")

        summary = d.pop("summary")

        title = d.pop("title")

        popular_tool_response = cls(
            is_favorite=is_favorite,
            slug=slug,
            summary=summary,
            title=title,
        )

        popular_tool_response.additional_properties = d
        return popular_tool_response

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
