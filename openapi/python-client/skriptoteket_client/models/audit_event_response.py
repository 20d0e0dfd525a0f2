from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.audit_event_response_details import AuditEventResponseDetails


T = TypeVar("T", bound="AuditEventResponse")


@_attrs_define
class AuditEventResponse:
    """
    Attributes:
        action (str):
        actor_id (None | UUID):
        at (datetime.datetime):
        details (AuditEventResponseDetails):
        id (UUID):
        ip (None | str):
        subject_id (None | str):
        subject_type (None | str):
        user_agent (None | str):
        actor_name (None | str | Unset):
    """

    action: str
    actor_id: None | UUID
    at: datetime.datetime
    details: AuditEventResponseDetails
    id: UUID
    ip: None | str
    subject_id: None | str
    subject_type: None | str
    user_agent: None | str
    actor_name: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        action = self.action

        actor_id: None | str
        if isinstance(self.actor_id, UUID):
            actor_id = str(self.actor_id)
        else:
            actor_id = self.actor_id

        at = self.at.isoformat()

        details = self.details.to_dict()

        id = str(self.id)

        ip: None | str
        ip = self.ip

        subject_id: None | str
        subject_id = self.subject_id

        subject_type: None | str
        subject_type = self.subject_type

        user_agent: None | str
        user_agent = self.user_agent

        actor_name: None | str | Unset
        if isinstance(self.actor_name, Unset):
            actor_name = UNSET
        else:
            actor_name = self.actor_name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "action": action,
                "actor_id": actor_id,
                "at": at,
                "details": details,
                "id": id,
                "ip": ip,
                "subject_id": subject_id,
                "subject_type": subject_type,
                "user_agent": user_agent,
            }
        )
        if actor_name is not UNSET:
            field_dict["actor_name"] = actor_name

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.audit_event_response_details import AuditEventResponseDetails  # noqa: PLC0415

        d = dict(src_dict)
        action = d.pop("action")

        def _parse_actor_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                actor_id_type_0 = UUID(data)

                return actor_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        actor_id = _parse_actor_id(d.pop("actor_id"))

        at = datetime.datetime.fromisoformat(d.pop("at"))

        details = AuditEventResponseDetails.from_dict(d.pop("details"))

        id = UUID(d.pop("id"))

        def _parse_ip(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        ip = _parse_ip(d.pop("ip"))

        def _parse_subject_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        subject_id = _parse_subject_id(d.pop("subject_id"))

        def _parse_subject_type(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        subject_type = _parse_subject_type(d.pop("subject_type"))

        def _parse_user_agent(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        user_agent = _parse_user_agent(d.pop("user_agent"))

        def _parse_actor_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        actor_name = _parse_actor_name(d.pop("actor_name", UNSET))

        audit_event_response = cls(
            action=action,
            actor_id=actor_id,
            at=at,
            details=details,
            id=id,
            ip=ip,
            subject_id=subject_id,
            subject_type=subject_type,
            user_agent=user_agent,
            actor_name=actor_name,
        )

        audit_event_response.additional_properties = d
        return audit_event_response

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
