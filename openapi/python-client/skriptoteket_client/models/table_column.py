from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.table_column_type_type_1 import TableColumnTypeType1
from ..models.table_column_type_type_2_type_1 import TableColumnTypeType2Type1
from ..models.table_column_type_type_3_type_1 import TableColumnTypeType3Type1
from ..types import UNSET, Unset

T = TypeVar("T", bound="TableColumn")


@_attrs_define
class TableColumn:
    """
    Attributes:
        key (str):
        label (str):
        type_ (None | TableColumnTypeType1 | TableColumnTypeType2Type1 | TableColumnTypeType3Type1 | Unset):
    """

    key: str
    label: str
    type_: None | TableColumnTypeType1 | TableColumnTypeType2Type1 | TableColumnTypeType3Type1 | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        key = self.key

        label = self.label

        type_: None | str | Unset
        if isinstance(self.type_, Unset):
            type_ = UNSET
        elif isinstance(self.type_, TableColumnTypeType1):
            type_ = self.type_.value
        elif isinstance(self.type_, TableColumnTypeType2Type1):
            type_ = self.type_.value
        elif isinstance(self.type_, TableColumnTypeType3Type1):
            type_ = self.type_.value
        else:
            type_ = self.type_

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "key": key,
                "label": label,
            }
        )
        if type_ is not UNSET:
            field_dict["type"] = type_

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        key = d.pop("key")

        label = d.pop("label")

        def _parse_type_(
            data: object,
        ) -> None | TableColumnTypeType1 | TableColumnTypeType2Type1 | TableColumnTypeType3Type1 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                type_type_1 = TableColumnTypeType1(data)

                return type_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                type_type_2_type_1 = TableColumnTypeType2Type1(data)

                return type_type_2_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                type_type_3_type_1 = TableColumnTypeType3Type1(data)

                return type_type_3_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(
                None | TableColumnTypeType1 | TableColumnTypeType2Type1 | TableColumnTypeType3Type1 | Unset, data
            )

        type_ = _parse_type_(d.pop("type", UNSET))

        table_column = cls(
            key=key,
            label=label,
            type_=type_,
        )

        table_column.additional_properties = d
        return table_column

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
