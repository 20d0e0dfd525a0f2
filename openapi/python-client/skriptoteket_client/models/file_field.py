from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="FileField")


@_attrs_define
class FileField:
    """
    Attributes:
        kind (Literal['file']):
        label (str):
        name (str): Unique in its form: a lowercase letter, then lowercase letters, digits, _
        accept (list[str] | Unset):
        help_ (None | str | Unset):
        max_bytes (int | None | Unset):
        max_files (int | None | Unset):
        min_files (int | None | Unset):
        required (bool | Unset):  Default: False.
    """

    kind: Literal["file"]
    label: str
    name: str
    accept: list[str] | Unset = UNSET
    help_: None | str | Unset = UNSET
    max_bytes: int | None | Unset = UNSET
    max_files: int | None | Unset = UNSET
    min_files: int | None | Unset = UNSET
    required: bool | Unset = False
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        kind = self.kind

        label = self.label

        name = self.name

        accept: list[str] | Unset = UNSET
        if not isinstance(self.accept, Unset):
            accept = self.accept

        help_: None | str | Unset
        if isinstance(self.help_, Unset):
            help_ = UNSET
        else:
            help_ = self.help_

        max_bytes: int | None | Unset
        if isinstance(self.max_bytes, Unset):
            max_bytes = UNSET
        else:
            max_bytes = self.max_bytes

        max_files: int | None | Unset
        if isinstance(self.max_files, Unset):
            max_files = UNSET
        else:
            max_files = self.max_files

        min_files: int | None | Unset
        if isinstance(self.min_files, Unset):
            min_files = UNSET
        else:
            min_files = self.min_files

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
        if accept is not UNSET:
            field_dict["accept"] = accept
        if help_ is not UNSET:
            field_dict["help"] = help_
        if max_bytes is not UNSET:
            field_dict["max_bytes"] = max_bytes
        if max_files is not UNSET:
            field_dict["max_files"] = max_files
        if min_files is not UNSET:
            field_dict["min_files"] = min_files
        if required is not UNSET:
            field_dict["required"] = required

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kind = cast(Literal["file"], d.pop("kind"))
        if kind != "file":
            raise ValueError(f"kind must match const 'file', got '{kind}'")

        label = d.pop("label")

        name = d.pop("name")

        accept = cast(list[str], d.pop("accept", UNSET))

        def _parse_help_(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        help_ = _parse_help_(d.pop("help", UNSET))

        def _parse_max_bytes(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        max_bytes = _parse_max_bytes(d.pop("max_bytes", UNSET))

        def _parse_max_files(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        max_files = _parse_max_files(d.pop("max_files", UNSET))

        def _parse_min_files(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        min_files = _parse_min_files(d.pop("min_files", UNSET))

        required = d.pop("required", UNSET)

        file_field = cls(
            kind=kind,
            label=label,
            name=name,
            accept=accept,
            help_=help_,
            max_bytes=max_bytes,
            max_files=max_files,
            min_files=min_files,
            required=required,
        )

        file_field.additional_properties = d
        return file_field

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
