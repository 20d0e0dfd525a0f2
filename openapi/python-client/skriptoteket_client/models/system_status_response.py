from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="SystemStatusResponse")


@_attrs_define
class SystemStatusResponse:
    """
    Attributes:
        alive_within_s (int):
        last_heartbeat_at (datetime.datetime | None): The newest heartbeat of any worker, alive or not
        runs_running (int):
        runs_waiting (int): Runs queued, of every user
        workers_alive (int):
    """

    alive_within_s: int
    last_heartbeat_at: datetime.datetime | None
    runs_running: int
    runs_waiting: int
    workers_alive: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        alive_within_s = self.alive_within_s

        last_heartbeat_at: None | str
        if isinstance(self.last_heartbeat_at, datetime.datetime):
            last_heartbeat_at = self.last_heartbeat_at.isoformat()
        else:
            last_heartbeat_at = self.last_heartbeat_at

        runs_running = self.runs_running

        runs_waiting = self.runs_waiting

        workers_alive = self.workers_alive

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "alive_within_s": alive_within_s,
                "last_heartbeat_at": last_heartbeat_at,
                "runs_running": runs_running,
                "runs_waiting": runs_waiting,
                "workers_alive": workers_alive,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        alive_within_s = d.pop("alive_within_s")

        def _parse_last_heartbeat_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_heartbeat_at_type_0 = datetime.datetime.fromisoformat(data)

                return last_heartbeat_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        last_heartbeat_at = _parse_last_heartbeat_at(d.pop("last_heartbeat_at"))

        runs_running = d.pop("runs_running")

        runs_waiting = d.pop("runs_waiting")

        workers_alive = d.pop("workers_alive")

        system_status_response = cls(
            alive_within_s=alive_within_s,
            last_heartbeat_at=last_heartbeat_at,
            runs_running=runs_running,
            runs_waiting=runs_waiting,
            workers_alive=workers_alive,
        )

        system_status_response.additional_properties = d
        return system_status_response

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
