from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="SessionFileResponse")


@_attrs_define
class SessionFileResponse:
    """
    Attributes:
        bytes_ (int):
        id (UUID):
        media_type (str):
        name (str):
        download_url (str | Unset):  Default: ''.
        field (None | str | Unset): The file field it was uploaded to; null: an artifact
    """

    bytes_: int
    id: UUID
    media_type: str
    name: str
    download_url: str | Unset = ""
    field: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        bytes_ = self.bytes_

        id = str(self.id)

        media_type = self.media_type

        name = self.name

        download_url = self.download_url

        field: None | str | Unset
        if isinstance(self.field, Unset):
            field = UNSET
        else:
            field = self.field

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
        if download_url is not UNSET:
            field_dict["download_url"] = download_url
        if field is not UNSET:
            field_dict["field"] = field

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        bytes_ = d.pop("bytes")

        id = UUID(d.pop("id"))

        media_type = d.pop("media_type")

        name = d.pop("name")

        download_url = d.pop("download_url", UNSET)

        def _parse_field(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        field = _parse_field(d.pop("field", UNSET))

        session_file_response = cls(
            bytes_=bytes_,
            id=id,
            media_type=media_type,
            name=name,
            download_url=download_url,
            field=field,
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
