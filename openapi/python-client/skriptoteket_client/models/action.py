from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.boolean_field import BooleanField
    from ..models.date_field import DateField
    from ..models.enum_field import EnumField
    from ..models.file_field import FileField
    from ..models.integer_field import IntegerField
    from ..models.multi_enum_field import MultiEnumField
    from ..models.number_field import NumberField
    from ..models.string_field import StringField
    from ..models.text_field import TextField


T = TypeVar("T", bound="Action")


@_attrs_define
class Action:
    """
    Attributes:
        id (str):
        label (str):
        confirm (None | str | Unset):
        fields (list[BooleanField | DateField | EnumField | FileField | IntegerField | MultiEnumField | NumberField |
            StringField | TextField] | Unset):
        primary (bool | Unset):  Default: False.
    """

    id: str
    label: str
    confirm: None | str | Unset = UNSET
    fields: (
        list[
            BooleanField
            | DateField
            | EnumField
            | FileField
            | IntegerField
            | MultiEnumField
            | NumberField
            | StringField
            | TextField
        ]
        | Unset
    ) = UNSET
    primary: bool | Unset = False
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.boolean_field import BooleanField  # noqa: PLC0415
        from ..models.date_field import DateField  # noqa: PLC0415
        from ..models.enum_field import EnumField  # noqa: PLC0415
        from ..models.integer_field import IntegerField  # noqa: PLC0415
        from ..models.multi_enum_field import MultiEnumField  # noqa: PLC0415
        from ..models.number_field import NumberField  # noqa: PLC0415
        from ..models.string_field import StringField  # noqa: PLC0415
        from ..models.text_field import TextField  # noqa: PLC0415

        id = self.id

        label = self.label

        confirm: None | str | Unset
        if isinstance(self.confirm, Unset):
            confirm = UNSET
        else:
            confirm = self.confirm

        fields: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.fields, Unset):
            fields = []
            for fields_item_data in self.fields:
                fields_item: dict[str, Any]
                if isinstance(fields_item_data, StringField):
                    fields_item = fields_item_data.to_dict()
                elif isinstance(fields_item_data, TextField):
                    fields_item = fields_item_data.to_dict()
                elif isinstance(fields_item_data, IntegerField):
                    fields_item = fields_item_data.to_dict()
                elif isinstance(fields_item_data, NumberField):
                    fields_item = fields_item_data.to_dict()
                elif isinstance(fields_item_data, BooleanField):
                    fields_item = fields_item_data.to_dict()
                elif isinstance(fields_item_data, EnumField):
                    fields_item = fields_item_data.to_dict()
                elif isinstance(fields_item_data, MultiEnumField):
                    fields_item = fields_item_data.to_dict()
                elif isinstance(fields_item_data, DateField):
                    fields_item = fields_item_data.to_dict()
                else:
                    fields_item = fields_item_data.to_dict()

                fields.append(fields_item)

        primary = self.primary

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "label": label,
            }
        )
        if confirm is not UNSET:
            field_dict["confirm"] = confirm
        if fields is not UNSET:
            field_dict["fields"] = fields
        if primary is not UNSET:
            field_dict["primary"] = primary

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.boolean_field import BooleanField  # noqa: PLC0415
        from ..models.date_field import DateField  # noqa: PLC0415
        from ..models.enum_field import EnumField  # noqa: PLC0415
        from ..models.file_field import FileField  # noqa: PLC0415
        from ..models.integer_field import IntegerField  # noqa: PLC0415
        from ..models.multi_enum_field import MultiEnumField  # noqa: PLC0415
        from ..models.number_field import NumberField  # noqa: PLC0415
        from ..models.string_field import StringField  # noqa: PLC0415
        from ..models.text_field import TextField  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        label = d.pop("label")

        def _parse_confirm(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        confirm = _parse_confirm(d.pop("confirm", UNSET))

        _fields = d.pop("fields", UNSET)
        fields: (
            list[
                BooleanField
                | DateField
                | EnumField
                | FileField
                | IntegerField
                | MultiEnumField
                | NumberField
                | StringField
                | TextField
            ]
            | Unset
        ) = UNSET
        if _fields is not UNSET:
            fields = []
            for fields_item_data in _fields:

                def _parse_fields_item(
                    data: object,
                ) -> (
                    BooleanField
                    | DateField
                    | EnumField
                    | FileField
                    | IntegerField
                    | MultiEnumField
                    | NumberField
                    | StringField
                    | TextField
                ):
                    try:
                        if not isinstance(data, dict):
                            raise TypeError()
                        fields_item_type_0 = StringField.from_dict(data)

                        return fields_item_type_0
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                    try:
                        if not isinstance(data, dict):
                            raise TypeError()
                        fields_item_type_1 = TextField.from_dict(data)

                        return fields_item_type_1
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                    try:
                        if not isinstance(data, dict):
                            raise TypeError()
                        fields_item_type_2 = IntegerField.from_dict(data)

                        return fields_item_type_2
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                    try:
                        if not isinstance(data, dict):
                            raise TypeError()
                        fields_item_type_3 = NumberField.from_dict(data)

                        return fields_item_type_3
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                    try:
                        if not isinstance(data, dict):
                            raise TypeError()
                        fields_item_type_4 = BooleanField.from_dict(data)

                        return fields_item_type_4
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                    try:
                        if not isinstance(data, dict):
                            raise TypeError()
                        fields_item_type_5 = EnumField.from_dict(data)

                        return fields_item_type_5
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                    try:
                        if not isinstance(data, dict):
                            raise TypeError()
                        fields_item_type_6 = MultiEnumField.from_dict(data)

                        return fields_item_type_6
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                    try:
                        if not isinstance(data, dict):
                            raise TypeError()
                        fields_item_type_7 = DateField.from_dict(data)

                        return fields_item_type_7
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                    if not isinstance(data, dict):
                        raise TypeError()
                    fields_item_type_8 = FileField.from_dict(data)

                    return fields_item_type_8

                fields_item = _parse_fields_item(fields_item_data)

                fields.append(fields_item)

        primary = d.pop("primary", UNSET)

        action = cls(
            id=id,
            label=label,
            confirm=confirm,
            fields=fields,
            primary=primary,
        )

        action.additional_properties = d
        return action

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
