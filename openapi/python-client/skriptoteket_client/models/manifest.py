from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

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
    from ..models.tool_limits import ToolLimits


T = TypeVar("T", bound="Manifest")


@_attrs_define
class Manifest:
    """
    Attributes:
        contract (Literal[1] | Unset):  Default: 1.
        entrypoint (str | Unset): `file.py:function`, relative to the tool Default: 'main.py:run'.
        inputs (list[BooleanField | DateField | EnumField | FileField | IntegerField | MultiEnumField | NumberField |
            StringField | TextField] | Unset):
        limits (None | ToolLimits | Unset):
        retention_days (int | None | Unset): Keep this tool's run content at most this many days (only shorter than the
            platform's retention has an effect)
        settings (list[BooleanField | DateField | EnumField | FileField | IntegerField | MultiEnumField | NumberField |
            StringField | TextField] | Unset):
        usage (str | Unset): Markdown above the form Default: ''.
    """

    contract: Literal[1] | Unset = 1
    entrypoint: str | Unset = "main.py:run"
    inputs: (
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
    limits: None | ToolLimits | Unset = UNSET
    retention_days: int | None | Unset = UNSET
    settings: (
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
    usage: str | Unset = ""
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
        from ..models.tool_limits import ToolLimits  # noqa: PLC0415

        contract = self.contract

        entrypoint = self.entrypoint

        inputs: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.inputs, Unset):
            inputs = []
            for inputs_item_data in self.inputs:
                inputs_item: dict[str, Any]
                if isinstance(inputs_item_data, StringField):
                    inputs_item = inputs_item_data.to_dict()
                elif isinstance(inputs_item_data, TextField):
                    inputs_item = inputs_item_data.to_dict()
                elif isinstance(inputs_item_data, IntegerField):
                    inputs_item = inputs_item_data.to_dict()
                elif isinstance(inputs_item_data, NumberField):
                    inputs_item = inputs_item_data.to_dict()
                elif isinstance(inputs_item_data, BooleanField):
                    inputs_item = inputs_item_data.to_dict()
                elif isinstance(inputs_item_data, EnumField):
                    inputs_item = inputs_item_data.to_dict()
                elif isinstance(inputs_item_data, MultiEnumField):
                    inputs_item = inputs_item_data.to_dict()
                elif isinstance(inputs_item_data, DateField):
                    inputs_item = inputs_item_data.to_dict()
                else:
                    inputs_item = inputs_item_data.to_dict()

                inputs.append(inputs_item)

        limits: dict[str, Any] | None | Unset
        if isinstance(self.limits, Unset):
            limits = UNSET
        elif isinstance(self.limits, ToolLimits):
            limits = self.limits.to_dict()
        else:
            limits = self.limits

        retention_days: int | None | Unset
        if isinstance(self.retention_days, Unset):
            retention_days = UNSET
        else:
            retention_days = self.retention_days

        settings: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.settings, Unset):
            settings = []
            for settings_item_data in self.settings:
                settings_item: dict[str, Any]
                if isinstance(settings_item_data, StringField):
                    settings_item = settings_item_data.to_dict()
                elif isinstance(settings_item_data, TextField):
                    settings_item = settings_item_data.to_dict()
                elif isinstance(settings_item_data, IntegerField):
                    settings_item = settings_item_data.to_dict()
                elif isinstance(settings_item_data, NumberField):
                    settings_item = settings_item_data.to_dict()
                elif isinstance(settings_item_data, BooleanField):
                    settings_item = settings_item_data.to_dict()
                elif isinstance(settings_item_data, EnumField):
                    settings_item = settings_item_data.to_dict()
                elif isinstance(settings_item_data, MultiEnumField):
                    settings_item = settings_item_data.to_dict()
                elif isinstance(settings_item_data, DateField):
                    settings_item = settings_item_data.to_dict()
                else:
                    settings_item = settings_item_data.to_dict()

                settings.append(settings_item)

        usage = self.usage

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if contract is not UNSET:
            field_dict["contract"] = contract
        if entrypoint is not UNSET:
            field_dict["entrypoint"] = entrypoint
        if inputs is not UNSET:
            field_dict["inputs"] = inputs
        if limits is not UNSET:
            field_dict["limits"] = limits
        if retention_days is not UNSET:
            field_dict["retention_days"] = retention_days
        if settings is not UNSET:
            field_dict["settings"] = settings
        if usage is not UNSET:
            field_dict["usage"] = usage

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
        from ..models.tool_limits import ToolLimits  # noqa: PLC0415

        d = dict(src_dict)
        contract = cast(Literal[1] | Unset, d.pop("contract", UNSET))
        if contract != 1 and not isinstance(contract, Unset):
            raise ValueError(f"contract must match const 1, got '{contract}'")

        entrypoint = d.pop("entrypoint", UNSET)

        _inputs = d.pop("inputs", UNSET)
        inputs: (
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
        if _inputs is not UNSET:
            inputs = []
            for inputs_item_data in _inputs:

                def _parse_inputs_item(
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
                        inputs_item_type_0 = StringField.from_dict(data)

                        return inputs_item_type_0
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                    try:
                        if not isinstance(data, dict):
                            raise TypeError()
                        inputs_item_type_1 = TextField.from_dict(data)

                        return inputs_item_type_1
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                    try:
                        if not isinstance(data, dict):
                            raise TypeError()
                        inputs_item_type_2 = IntegerField.from_dict(data)

                        return inputs_item_type_2
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                    try:
                        if not isinstance(data, dict):
                            raise TypeError()
                        inputs_item_type_3 = NumberField.from_dict(data)

                        return inputs_item_type_3
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                    try:
                        if not isinstance(data, dict):
                            raise TypeError()
                        inputs_item_type_4 = BooleanField.from_dict(data)

                        return inputs_item_type_4
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                    try:
                        if not isinstance(data, dict):
                            raise TypeError()
                        inputs_item_type_5 = EnumField.from_dict(data)

                        return inputs_item_type_5
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                    try:
                        if not isinstance(data, dict):
                            raise TypeError()
                        inputs_item_type_6 = MultiEnumField.from_dict(data)

                        return inputs_item_type_6
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                    try:
                        if not isinstance(data, dict):
                            raise TypeError()
                        inputs_item_type_7 = DateField.from_dict(data)

                        return inputs_item_type_7
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                    if not isinstance(data, dict):
                        raise TypeError()
                    inputs_item_type_8 = FileField.from_dict(data)

                    return inputs_item_type_8

                inputs_item = _parse_inputs_item(inputs_item_data)

                inputs.append(inputs_item)

        def _parse_limits(data: object) -> None | ToolLimits | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                limits_type_0 = ToolLimits.from_dict(data)

                return limits_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ToolLimits | Unset, data)

        limits = _parse_limits(d.pop("limits", UNSET))

        def _parse_retention_days(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        retention_days = _parse_retention_days(d.pop("retention_days", UNSET))

        _settings = d.pop("settings", UNSET)
        settings: (
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
        if _settings is not UNSET:
            settings = []
            for settings_item_data in _settings:

                def _parse_settings_item(
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
                        settings_item_type_0 = StringField.from_dict(data)

                        return settings_item_type_0
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                    try:
                        if not isinstance(data, dict):
                            raise TypeError()
                        settings_item_type_1 = TextField.from_dict(data)

                        return settings_item_type_1
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                    try:
                        if not isinstance(data, dict):
                            raise TypeError()
                        settings_item_type_2 = IntegerField.from_dict(data)

                        return settings_item_type_2
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                    try:
                        if not isinstance(data, dict):
                            raise TypeError()
                        settings_item_type_3 = NumberField.from_dict(data)

                        return settings_item_type_3
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                    try:
                        if not isinstance(data, dict):
                            raise TypeError()
                        settings_item_type_4 = BooleanField.from_dict(data)

                        return settings_item_type_4
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                    try:
                        if not isinstance(data, dict):
                            raise TypeError()
                        settings_item_type_5 = EnumField.from_dict(data)

                        return settings_item_type_5
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                    try:
                        if not isinstance(data, dict):
                            raise TypeError()
                        settings_item_type_6 = MultiEnumField.from_dict(data)

                        return settings_item_type_6
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                    try:
                        if not isinstance(data, dict):
                            raise TypeError()
                        settings_item_type_7 = DateField.from_dict(data)

                        return settings_item_type_7
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                    if not isinstance(data, dict):
                        raise TypeError()
                    settings_item_type_8 = FileField.from_dict(data)

                    return settings_item_type_8

                settings_item = _parse_settings_item(settings_item_data)

                settings.append(settings_item)

        usage = d.pop("usage", UNSET)

        manifest = cls(
            contract=contract,
            entrypoint=entrypoint,
            inputs=inputs,
            limits=limits,
            retention_days=retention_days,
            settings=settings,
            usage=usage,
        )

        manifest.additional_properties = d
        return manifest

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
