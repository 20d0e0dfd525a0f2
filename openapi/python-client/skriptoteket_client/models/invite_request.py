from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.invite_request_language import InviteRequestLanguage
from ..models.invite_request_role import InviteRequestRole
from ..types import UNSET, Unset

T = TypeVar("T", bound="InviteRequest")


@_attrs_define
class InviteRequest:
    """
    Attributes:
        email (str): An email address; compared case-insensitively.
        language (InviteRequestLanguage | Unset):  Default: InviteRequestLanguage.SV.
        role (InviteRequestRole | Unset):  Default: InviteRequestRole.USER.
    """

    email: str
    language: InviteRequestLanguage | Unset = InviteRequestLanguage.SV
    role: InviteRequestRole | Unset = InviteRequestRole.USER
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        email = self.email

        language: str | Unset = UNSET
        if not isinstance(self.language, Unset):
            language = self.language.value

        role: str | Unset = UNSET
        if not isinstance(self.role, Unset):
            role = self.role.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "email": email,
            }
        )
        if language is not UNSET:
            field_dict["language"] = language
        if role is not UNSET:
            field_dict["role"] = role

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        email = d.pop("email")

        _language = d.pop("language", UNSET)
        language: InviteRequestLanguage | Unset
        if isinstance(_language, Unset):
            language = UNSET
        else:
            language = InviteRequestLanguage(_language)

        _role = d.pop("role", UNSET)
        role: InviteRequestRole | Unset
        if isinstance(_role, Unset):
            role = UNSET
        else:
            role = InviteRequestRole(_role)

        invite_request = cls(
            email=email,
            language=language,
            role=role,
        )

        invite_request.additional_properties = d
        return invite_request

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
