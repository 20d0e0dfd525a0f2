from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.option import Option


T = TypeVar("T", bound="MultiEnumField")


@_attrs_define
class MultiEnumField:
    """
    Attributes:
        kind (Literal['multi_enum']):
        label (str):
        name (str): Unique in its form: a lowercase letter, then lowercase letters, digits, _
        options (list[Option]):
        default (list[str] | None | Unset):
        help_ (None | str | Unset):
        max_items (int | None | Unset):
        min_items (int | None | Unset):
        required (bool | Unset):  Default: False.
    """

    kind: Literal["multi_enum"]
    label: str
    name: str
    options: list[Option]
    default: list[str] | None | Unset = UNSET
    help_: None | str | Unset = UNSET
    max_items: int | None | Unset = UNSET
    min_items: int | None | Unset = UNSET
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

        default: list[str] | None | Unset
        if isinstance(self.default, Unset):
            default = UNSET
        elif isinstance(self.default, list):
            default = self.default

        else:
            default = self.default

        help_: None | str | Unset
        if isinstance(self.help_, Unset):
            help_ = UNSET
        else:
            help_ = self.help_

        max_items: int | None | Unset
        if isinstance(self.max_items, Unset):
            max_items = UNSET
        else:
            max_items = self.max_items

        min_items: int | None | Unset
        if isinstance(self.min_items, Unset):
            min_items = UNSET
        else:
            min_items = self.min_items

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
        if max_items is not UNSET:
            field_dict["max_items"] = max_items
        if min_items is not UNSET:
            field_dict["min_items"] = min_items
        if required is not UNSET:
            field_dict["required"] = required

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.option import Option  # noqa: PLC0415

        d = dict(src_dict)
        kind = cast(Literal["multi_enum"], d.pop("kind"))
        if kind != "multi_enum":
            raise ValueError(f"kind must match const 'multi_enum', got '{kind}'")

        label = d.pop("label")

        name = d.pop("name")

        options = []
        _options = d.pop("options")
        for options_item_data in _options:
            options_item = Option.from_dict(options_item_data)

            options.append(options_item)

        def _parse_default(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                default_type_0 = cast(list[str], data)

                return default_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        default = _parse_default(d.pop("default", UNSET))

        def _parse_help_(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        help_ = _parse_help_(d.pop("help", UNSET))

        def _parse_max_items(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        max_items = _parse_max_items(d.pop("max_items", UNSET))

        def _parse_min_items(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        min_items = _parse_min_items(d.pop("min_items", UNSET))

        required = d.pop("required", UNSET)

        multi_enum_field = cls(
            kind=kind,
            label=label,
            name=name,
            options=options,
            default=default,
            help_=help_,
            max_items=max_items,
            min_items=min_items,
            required=required,
        )

        multi_enum_field.additional_properties = d
        return multi_enum_field

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
