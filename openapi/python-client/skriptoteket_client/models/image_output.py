from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ImageOutput")


@_attrs_define
class ImageOutput:
    """
    Attributes:
        alt (str):
        artifact (str): A path relative to /work/output: no leading /, no `..`
        kind (Literal['image']):
    """

    alt: str
    artifact: str
    kind: Literal["image"]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        alt = self.alt

        artifact = self.artifact

        kind = self.kind

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "alt": alt,
                "artifact": artifact,
                "kind": kind,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        alt = d.pop("alt")

        artifact = d.pop("artifact")

        kind = cast(Literal["image"], d.pop("kind"))
        if kind != "image":
            raise ValueError(f"kind must match const 'image', got '{kind}'")

        image_output = cls(
            alt=alt,
            artifact=artifact,
            kind=kind,
        )

        image_output.additional_properties = d
        return image_output

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
