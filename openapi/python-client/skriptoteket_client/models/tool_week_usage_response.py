from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ToolWeekUsageResponse")


@_attrs_define
class ToolWeekUsageResponse:
    """
    Attributes:
        failed (int): Runs that failed or timed out
        failure_rate (float):
        p50_ms (int | None):
        p95_ms (int | None):
        runs (int):
        tool_slug (str):
        tool_title (str):
        users (int): Distinct users who ran the tool that week
        week (datetime.datetime): The ISO week's Monday, 00:00 UTC
    """

    failed: int
    failure_rate: float
    p50_ms: int | None
    p95_ms: int | None
    runs: int
    tool_slug: str
    tool_title: str
    users: int
    week: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        failed = self.failed

        failure_rate = self.failure_rate

        p50_ms: int | None
        p50_ms = self.p50_ms

        p95_ms: int | None
        p95_ms = self.p95_ms

        runs = self.runs

        tool_slug = self.tool_slug

        tool_title = self.tool_title

        users = self.users

        week = self.week.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "failed": failed,
                "failure_rate": failure_rate,
                "p50_ms": p50_ms,
                "p95_ms": p95_ms,
                "runs": runs,
                "tool_slug": tool_slug,
                "tool_title": tool_title,
                "users": users,
                "week": week,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        failed = d.pop("failed")

        failure_rate = d.pop("failure_rate")

        def _parse_p50_ms(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        p50_ms = _parse_p50_ms(d.pop("p50_ms"))

        def _parse_p95_ms(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        p95_ms = _parse_p95_ms(d.pop("p95_ms"))

        runs = d.pop("runs")

        tool_slug = d.pop("tool_slug")

        tool_title = d.pop("tool_title")

        users = d.pop("users")

        week = datetime.datetime.fromisoformat(d.pop("week"))

        tool_week_usage_response = cls(
            failed=failed,
            failure_rate=failure_rate,
            p50_ms=p50_ms,
            p95_ms=p95_ms,
            runs=runs,
            tool_slug=tool_slug,
            tool_title=tool_title,
            users=users,
            week=week,
        )

        tool_week_usage_response.additional_properties = d
        return tool_week_usage_response

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
