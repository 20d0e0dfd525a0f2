from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.webhook_response import WebhookResponse


T = TypeVar("T", bound="WebhookCreatedResponse")


@_attrs_define
class WebhookCreatedResponse:
    """
    Attributes:
        secret (str):
        webhook (WebhookResponse):
    """

    secret: str
    webhook: WebhookResponse
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        secret = self.secret

        webhook = self.webhook.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "secret": secret,
                "webhook": webhook,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.webhook_response import WebhookResponse  # noqa: PLC0415

        d = dict(src_dict)
        secret = d.pop("secret")

        webhook = WebhookResponse.from_dict(d.pop("webhook"))

        webhook_created_response = cls(
            secret=secret,
            webhook=webhook,
        )

        webhook_created_response.additional_properties = d
        return webhook_created_response

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
