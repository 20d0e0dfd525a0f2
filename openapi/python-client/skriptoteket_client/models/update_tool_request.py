from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="UpdateToolRequest")


@_attrs_define
class UpdateToolRequest:
    """
    Attributes:
        categories (list[str] | Unset):
        professions (list[str] | Unset):
        slug (str | Unset): lower-case a-z, 0-9, -
        summary (str | Unset):
        title (str | Unset):
    """

    categories: list[str] | Unset = UNSET
    professions: list[str] | Unset = UNSET
    slug: str | Unset = UNSET
    summary: str | Unset = UNSET
    title: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        categories: list[str] | Unset
        if isinstance(self.categories, Unset):
            categories = UNSET
        else:
            categories = self.categories

        professions: list[str] | Unset
        if isinstance(self.professions, Unset):
            professions = UNSET
        else:
            professions = self.professions

        slug: str | Unset
        if isinstance(self.slug, Unset):
            slug = UNSET
        else:
            slug = self.slug

        summary: str | Unset
        if isinstance(self.summary, Unset):
            summary = UNSET
        else:
            summary = self.summary

        title: str | Unset
        if isinstance(self.title, Unset):
            title = UNSET
        else:
            title = self.title

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if categories is not UNSET:
            field_dict["categories"] = categories
        if professions is not UNSET:
            field_dict["professions"] = professions
        if slug is not UNSET:
            field_dict["slug"] = slug
        if summary is not UNSET:
            field_dict["summary"] = summary
        if title is not UNSET:
            field_dict["title"] = title

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_categories(data: object) -> list[str] | Unset:
            if isinstance(data, Unset):
                return data
            if not isinstance(data, list):
                raise TypeError()
            categories_type_0 = cast(list[str], data)

            return categories_type_0

        categories = _parse_categories(d.pop("categories", UNSET))

        def _parse_professions(data: object) -> list[str] | Unset:
            if isinstance(data, Unset):
                return data
            if not isinstance(data, list):
                raise TypeError()
            professions_type_0 = cast(list[str], data)

            return professions_type_0

        professions = _parse_professions(d.pop("professions", UNSET))

        def _parse_slug(data: object) -> str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(str | Unset, data)

        slug = _parse_slug(d.pop("slug", UNSET))

        def _parse_summary(data: object) -> str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(str | Unset, data)

        summary = _parse_summary(d.pop("summary", UNSET))

        def _parse_title(data: object) -> str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(str | Unset, data)

        title = _parse_title(d.pop("title", UNSET))

        update_tool_request = cls(
            categories=categories,
            professions=professions,
            slug=slug,
            summary=summary,
            title=title,
        )

        update_tool_request.additional_properties = d
        return update_tool_request

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
