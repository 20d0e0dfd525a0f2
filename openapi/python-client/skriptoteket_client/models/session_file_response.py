from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="SessionFileResponse")


@_attrs_define
class SessionFileResponse:
    """
    Attributes:
        bytes_ (int):
        id (UUID):
        media_type (str):
        name (str):
    """

    bytes_: int
    id: UUID
    media_type: str
    name: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        bytes_ = self.bytes_

        id = str(self.id)

        media_type = self.media_type

        name = self.name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "bytes": bytes_,
                "id": id,
                "media_type": media_type,
                "name": name,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        bytes_ = d.pop("bytes")

        id = UUID(d.pop("id"))

        media_type = d.pop("media_type")

        name = d.pop("name")

        session_file_response = cls(
            bytes_=bytes_,
            id=id,
            media_type=media_type,
            name=name,
        )

        session_file_response.additional_properties = d
        return session_file_response

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
