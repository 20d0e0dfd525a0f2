from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.invitation_response import InvitationResponse


T = TypeVar("T", bound="InvitationCreatedResponse")


@_attrs_define
class InvitationCreatedResponse:
    """
    Attributes:
        invitation (InvitationResponse):
        url (str):
    """

    invitation: InvitationResponse
    url: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        invitation = self.invitation.to_dict()

        url = self.url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "invitation": invitation,
                "url": url,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.invitation_response import InvitationResponse  # noqa: PLC0415

        d = dict(src_dict)
        invitation = InvitationResponse.from_dict(d.pop("invitation"))

        url = d.pop("url")

        invitation_created_response = cls(
            invitation=invitation,
            url=url,
        )

        invitation_created_response.additional_properties = d
        return invitation_created_response

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
