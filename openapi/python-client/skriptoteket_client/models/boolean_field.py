from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="BooleanField")


@_attrs_define
class BooleanField:
    """
    Attributes:
        kind (Literal['boolean']):
        label (str):
        name (str): Unique in its form: a lowercase letter, then lowercase letters, digits, _
        default (bool | None | Unset):
        help_ (None | str | Unset):
        required (bool | Unset):  Default: False.
    """

    kind: Literal["boolean"]
    label: str
    name: str
    default: bool | None | Unset = UNSET
    help_: None | str | Unset = UNSET
    required: bool | Unset = False
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        kind = self.kind

        label = self.label

        name = self.name

        default: bool | None | Unset
        if isinstance(self.default, Unset):
            default = UNSET
        else:
            default = self.default

        help_: None | str | Unset
        if isinstance(self.help_, Unset):
            help_ = UNSET
        else:
            help_ = self.help_

        required = self.required

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "kind": kind,
                "label": label,
                "name": name,
            }
        )
        if default is not UNSET:
            field_dict["default"] = default
        if help_ is not UNSET:
            field_dict["help"] = help_
        if required is not UNSET:
            field_dict["required"] = required

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kind = cast(Literal["boolean"], d.pop("kind"))
        if kind != "boolean":
            raise ValueError(f"kind must match const 'boolean', got '{kind}'")

        label = d.pop("label")

        name = d.pop("name")

        def _parse_default(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        default = _parse_default(d.pop("default", UNSET))

        def _parse_help_(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        help_ = _parse_help_(d.pop("help", UNSET))

        required = d.pop("required", UNSET)

        boolean_field = cls(
            kind=kind,
            label=label,
            name=name,
            default=default,
            help_=help_,
            required=required,
        )

        boolean_field.additional_properties = d
        return boolean_field

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
