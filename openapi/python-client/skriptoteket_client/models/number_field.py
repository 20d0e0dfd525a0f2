from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="NumberField")


@_attrs_define
class NumberField:
    """
    Attributes:
        kind (Literal['number']):
        label (str):
        name (str): Unique in its form: a lowercase letter, then lowercase letters, digits, _
        default (float | None | Unset):
        help_ (None | str | Unset):
        max_ (float | None | Unset):
        min_ (float | None | Unset):
        required (bool | Unset):  Default: False.
        step (float | None | Unset):
    """

    kind: Literal["number"]
    label: str
    name: str
    default: float | None | Unset = UNSET
    help_: None | str | Unset = UNSET
    max_: float | None | Unset = UNSET
    min_: float | None | Unset = UNSET
    required: bool | Unset = False
    step: float | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        kind = self.kind

        label = self.label

        name = self.name

        default: float | None | Unset
        if isinstance(self.default, Unset):
            default = UNSET
        else:
            default = self.default

        help_: None | str | Unset
        if isinstance(self.help_, Unset):
            help_ = UNSET
        else:
            help_ = self.help_

        max_: float | None | Unset
        if isinstance(self.max_, Unset):
            max_ = UNSET
        else:
            max_ = self.max_

        min_: float | None | Unset
        if isinstance(self.min_, Unset):
            min_ = UNSET
        else:
            min_ = self.min_

        required = self.required

        step: float | None | Unset
        if isinstance(self.step, Unset):
            step = UNSET
        else:
            step = self.step

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
        if max_ is not UNSET:
            field_dict["max"] = max_
        if min_ is not UNSET:
            field_dict["min"] = min_
        if required is not UNSET:
            field_dict["required"] = required
        if step is not UNSET:
            field_dict["step"] = step

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kind = cast(Literal["number"], d.pop("kind"))
        if kind != "number":
            raise ValueError(f"kind must match const 'number', got '{kind}'")

        label = d.pop("label")

        name = d.pop("name")

        def _parse_default(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        default = _parse_default(d.pop("default", UNSET))

        def _parse_help_(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        help_ = _parse_help_(d.pop("help", UNSET))

        def _parse_max_(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        max_ = _parse_max_(d.pop("max", UNSET))

        def _parse_min_(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        min_ = _parse_min_(d.pop("min", UNSET))

        required = d.pop("required", UNSET)

        def _parse_step(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        step = _parse_step(d.pop("step", UNSET))

        number_field = cls(
            kind=kind,
            label=label,
            name=name,
            default=default,
            help_=help_,
            max_=max_,
            min_=min_,
            required=required,
            step=step,
        )

        number_field.additional_properties = d
        return number_field

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
