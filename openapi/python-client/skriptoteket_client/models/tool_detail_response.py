from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.manifest import Manifest


T = TypeVar("T", bound="ToolDetailResponse")


@_attrs_define
class ToolDetailResponse:
    """
    Attributes:
        active_version (int | None):
        categories (list[str]):
        is_favorite (bool):
        listed (bool):
        manifest (Manifest | None): The active version's manifest; null before the first publish.
        professions (list[str]):
        slug (str):
        summary (str):
        title (str):
        updated_at (datetime.datetime):
    """

    active_version: int | None
    categories: list[str]
    is_favorite: bool
    listed: bool
    manifest: Manifest | None
    professions: list[str]
    slug: str
    summary: str
    title: str
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.manifest import Manifest  # noqa: PLC0415

        active_version: int | None
        active_version = self.active_version

        categories = self.categories

        is_favorite = self.is_favorite

        listed = self.listed

        manifest: dict[str, Any] | None
        if isinstance(self.manifest, Manifest):
            manifest = self.manifest.to_dict()
        else:
            manifest = self.manifest

        professions = self.professions

        slug = self.slug

        summary = self.summary

        title = self.title

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "active_version": active_version,
                "categories": categories,
                "is_favorite": is_favorite,
                "listed": listed,
                "manifest": manifest,
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
        from ..models.manifest import Manifest  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_active_version(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        active_version = _parse_active_version(d.pop("active_version"))

        categories = cast(list[str], d.pop("categories"))

        is_favorite = d.pop("is_favorite")

        listed = d.pop("listed")

        def _parse_manifest(data: object) -> Manifest | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                manifest_type_0 = Manifest.from_dict(data)

                return manifest_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Manifest | None, data)

        manifest = _parse_manifest(d.pop("manifest"))

        professions = cast(list[str], d.pop("professions"))

        slug = d.pop("slug")

        summary = d.pop("summary")

        title = d.pop("title")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        tool_detail_response = cls(
            active_version=active_version,
            categories=categories,
            is_favorite=is_favorite,
            listed=listed,
            manifest=manifest,
            professions=professions,
            slug=slug,
            summary=summary,
            title=title,
            updated_at=updated_at,
        )

        tool_detail_response.additional_properties = d
        return tool_detail_response

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
