from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.user_response_language import UserResponseLanguage
from ..models.user_response_role import UserResponseRole

T = TypeVar("T", bound="UserResponse")


@_attrs_define
class UserResponse:
    """
    Attributes:
        created_at (datetime.datetime):
        display_name (str):
        email (str):
        id (UUID):
        is_active (bool):
        language (UserResponseLanguage):
        last_login_at (datetime.datetime | None):
        must_change_password (bool):
        role (UserResponseRole):
    """

    created_at: datetime.datetime
    display_name: str
    email: str
    id: UUID
    is_active: bool
    language: UserResponseLanguage
    last_login_at: datetime.datetime | None
    must_change_password: bool
    role: UserResponseRole
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        display_name = self.display_name

        email = self.email

        id = str(self.id)

        is_active = self.is_active

        language = self.language.value

        last_login_at: None | str
        if isinstance(self.last_login_at, datetime.datetime):
            last_login_at = self.last_login_at.isoformat()
        else:
            last_login_at = self.last_login_at

        must_change_password = self.must_change_password

        role = self.role.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "display_name": display_name,
                "email": email,
                "id": id,
                "is_active": is_active,
                "language": language,
                "last_login_at": last_login_at,
                "must_change_password": must_change_password,
                "role": role,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        display_name = d.pop("display_name")

        email = d.pop("email")

        id = UUID(d.pop("id"))

        is_active = d.pop("is_active")

        language = UserResponseLanguage(d.pop("language"))

        def _parse_last_login_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_login_at_type_0 = datetime.datetime.fromisoformat(data)

                return last_login_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        last_login_at = _parse_last_login_at(d.pop("last_login_at"))

        must_change_password = d.pop("must_change_password")

        role = UserResponseRole(d.pop("role"))

        user_response = cls(
            created_at=created_at,
            display_name=display_name,
            email=email,
            id=id,
            is_active=is_active,
            language=language,
            last_login_at=last_login_at,
            must_change_password=must_change_password,
            role=role,
        )

        user_response.additional_properties = d
        return user_response

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
