from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="AcceptSuggestionRequest")


@_attrs_define
class AcceptSuggestionRequest:
    """
    Attributes:
        slug (str): lower-case a-z, 0-9, -
        categories (list[str] | Unset):
        maintainer_id (None | Unset | UUID): Who maintains the new tool; default: the proposer, if a contributor
        professions (list[str] | Unset):
        summary (None | str | Unset):
        title (None | str | Unset):
    """

    slug: str
    categories: list[str] | Unset = UNSET
    maintainer_id: None | Unset | UUID = UNSET
    professions: list[str] | Unset = UNSET
    summary: None | str | Unset = UNSET
    title: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        slug = self.slug

        categories: list[str] | Unset = UNSET
        if not isinstance(self.categories, Unset):
            categories = self.categories

        maintainer_id: None | str | Unset
        if isinstance(self.maintainer_id, Unset):
            maintainer_id = UNSET
        elif isinstance(self.maintainer_id, UUID):
            maintainer_id = str(self.maintainer_id)
        else:
            maintainer_id = self.maintainer_id

        professions: list[str] | Unset = UNSET
        if not isinstance(self.professions, Unset):
            professions = self.professions

        summary: None | str | Unset
        if isinstance(self.summary, Unset):
            summary = UNSET
        else:
            summary = self.summary

        title: None | str | Unset
        if isinstance(self.title, Unset):
            title = UNSET
        else:
            title = self.title

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "slug": slug,
            }
        )
        if categories is not UNSET:
            field_dict["categories"] = categories
        if maintainer_id is not UNSET:
            field_dict["maintainer_id"] = maintainer_id
        if professions is not UNSET:
            field_dict["professions"] = professions
        if summary is not UNSET:
            field_dict["summary"] = summary
        if title is not UNSET:
            field_dict["title"] = title

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        slug = d.pop("slug")

        categories = cast(list[str], d.pop("categories", UNSET))

        def _parse_maintainer_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                maintainer_id_type_0 = UUID(data)

                return maintainer_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        maintainer_id = _parse_maintainer_id(d.pop("maintainer_id", UNSET))

        professions = cast(list[str], d.pop("professions", UNSET))

        def _parse_summary(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        summary = _parse_summary(d.pop("summary", UNSET))

        def _parse_title(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        title = _parse_title(d.pop("title", UNSET))

        accept_suggestion_request = cls(
            slug=slug,
            categories=categories,
            maintainer_id=maintainer_id,
            professions=professions,
            summary=summary,
            title=title,
        )

        accept_suggestion_request.additional_properties = d
        return accept_suggestion_request

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
