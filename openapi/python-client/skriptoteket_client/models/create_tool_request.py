from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CreateToolRequest")


@_attrs_define
class CreateToolRequest:
    """
    Attributes:
        slug (str): lower-case a-z, 0-9, -
        title (str):
        categories (list[str] | Unset):
        professions (list[str] | Unset):
        summary (str | Unset):  Default: ''.
    """

    slug: str
    title: str
    categories: list[str] | Unset = UNSET
    professions: list[str] | Unset = UNSET
    summary: str | Unset = ""
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        slug = self.slug

        title = self.title

        categories: list[str] | Unset = UNSET
        if not isinstance(self.categories, Unset):
            categories = self.categories

        professions: list[str] | Unset = UNSET
        if not isinstance(self.professions, Unset):
            professions = self.professions

        summary = self.summary

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "slug": slug,
                "title": title,
            }
        )
        if categories is not UNSET:
            field_dict["categories"] = categories
        if professions is not UNSET:
            field_dict["professions"] = professions
        if summary is not UNSET:
            field_dict["summary"] = summary

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        slug = d.pop("slug")

        title = d.pop("title")

        categories = cast(list[str], d.pop("categories", UNSET))

        professions = cast(list[str], d.pop("professions", UNSET))

        summary = d.pop("summary", UNSET)

        create_tool_request = cls(
            slug=slug,
            title=title,
            categories=categories,
            professions=professions,
            summary=summary,
        )

        create_tool_request.additional_properties = d
        return create_tool_request

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
