from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.notice_output_level import NoticeOutputLevel
from ..types import UNSET, Unset

T = TypeVar("T", bound="NoticeOutput")


@_attrs_define
class NoticeOutput:
    """
    Attributes:
        kind (Literal['notice']):
        message (str):
        level (NoticeOutputLevel | Unset):  Default: NoticeOutputLevel.INFO.
        system (bool | Unset):  Default: False.
    """

    kind: Literal["notice"]
    message: str
    level: NoticeOutputLevel | Unset = NoticeOutputLevel.INFO
    system: bool | Unset = False
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        kind = self.kind

        message = self.message

        level: str | Unset = UNSET
        if not isinstance(self.level, Unset):
            level = self.level.value

        system = self.system

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "kind": kind,
                "message": message,
            }
        )
        if level is not UNSET:
            field_dict["level"] = level
        if system is not UNSET:
            field_dict["system"] = system

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kind = cast(Literal["notice"], d.pop("kind"))
        if kind != "notice":
            raise ValueError(f"kind must match const 'notice', got '{kind}'")

        message = d.pop("message")

        _level = d.pop("level", UNSET)
        level: NoticeOutputLevel | Unset
        if isinstance(_level, Unset):
            level = UNSET
        else:
            level = NoticeOutputLevel(_level)

        system = d.pop("system", UNSET)

        notice_output = cls(
            kind=kind,
            message=message,
            level=level,
            system=system,
        )

        notice_output.additional_properties = d
        return notice_output

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
