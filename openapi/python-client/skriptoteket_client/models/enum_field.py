from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.option import Option


T = TypeVar("T", bound="EnumField")


@_attrs_define
class EnumField:
    """
    Attributes:
        kind (Literal['enum']):
        label (str):
        name (str): Unique in its form: a lowercase letter, then lowercase letters, digits, _
        options (list[Option]):
        default (None | str | Unset):
        help_ (None | str | Unset):
        required (bool | Unset):  Default: False.
    """

    kind: Literal["enum"]
    label: str
    name: str
    options: list[Option]
    default: None | str | Unset = UNSET
    help_: None | str | Unset = UNSET
    required: bool | Unset = False
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        kind = self.kind

        label = self.label

        name = self.name

        options = []
        for options_item_data in self.options:
            options_item = options_item_data.to_dict()
            options.append(options_item)

        default: None | str | Unset
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
                "options": options,
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
        from ..models.option import Option  # noqa: PLC0415

        d = dict(src_dict)
        kind = cast(Literal["enum"], d.pop("kind"))
        if kind != "enum":
            raise ValueError(f"kind must match const 'enum', got '{kind}'")

        label = d.pop("label")

        name = d.pop("name")

        options = []
        _options = d.pop("options")
        for options_item_data in _options:
            options_item = Option.from_dict(options_item_data)

            options.append(options_item)

        def _parse_default(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        default = _parse_default(d.pop("default", UNSET))

        def _parse_help_(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        help_ = _parse_help_(d.pop("help", UNSET))

        required = d.pop("required", UNSET)

        enum_field = cls(
            kind=kind,
            label=label,
            name=name,
            options=options,
            default=default,
            help_=help_,
            required=required,
        )

        enum_field.additional_properties = d
        return enum_field

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
