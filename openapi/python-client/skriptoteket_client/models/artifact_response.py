from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ArtifactResponse")


@_attrs_define
class ArtifactResponse:
    """
    Attributes:
        bytes_ (int):
        download_url (str):
        id (UUID):
        label (None | str):
        media_type (str):
        name (str):
    """

    bytes_: int
    download_url: str
    id: UUID
    label: None | str
    media_type: str
    name: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        bytes_ = self.bytes_

        download_url = self.download_url

        id = str(self.id)

        label: None | str
        label = self.label

        media_type = self.media_type

        name = self.name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "bytes": bytes_,
                "download_url": download_url,
                "id": id,
                "label": label,
                "media_type": media_type,
                "name": name,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        bytes_ = d.pop("bytes")

        download_url = d.pop("download_url")

        id = UUID(d.pop("id"))

        def _parse_label(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        label = _parse_label(d.pop("label"))

        media_type = d.pop("media_type")

        name = d.pop("name")

        artifact_response = cls(
            bytes_=bytes_,
            download_url=download_url,
            id=id,
            label=label,
            media_type=media_type,
            name=name,
        )

        artifact_response.additional_properties = d
        return artifact_response

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
