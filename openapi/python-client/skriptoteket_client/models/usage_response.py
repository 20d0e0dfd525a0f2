from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.tool_usage_response import ToolUsageResponse
    from ..models.tool_week_usage_response import ToolWeekUsageResponse


T = TypeVar("T", bound="UsageResponse")


@_attrs_define
class UsageResponse:
    """
    Attributes:
        since (datetime.datetime):
        tools (list[ToolUsageResponse]):
        until (datetime.datetime):
        users (int): Distinct users over the period, all tools
        weeks (list[ToolWeekUsageResponse]):
    """

    since: datetime.datetime
    tools: list[ToolUsageResponse]
    until: datetime.datetime
    users: int
    weeks: list[ToolWeekUsageResponse]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        since = self.since.isoformat()

        tools = []
        for tools_item_data in self.tools:
            tools_item = tools_item_data.to_dict()
            tools.append(tools_item)

        until = self.until.isoformat()

        users = self.users

        weeks = []
        for weeks_item_data in self.weeks:
            weeks_item = weeks_item_data.to_dict()
            weeks.append(weeks_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "since": since,
                "tools": tools,
                "until": until,
                "users": users,
                "weeks": weeks,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.tool_usage_response import ToolUsageResponse  # noqa: PLC0415
        from ..models.tool_week_usage_response import ToolWeekUsageResponse  # noqa: PLC0415

        d = dict(src_dict)
        since = datetime.datetime.fromisoformat(d.pop("since"))

        tools = []
        _tools = d.pop("tools")
        for tools_item_data in _tools:
            tools_item = ToolUsageResponse.from_dict(tools_item_data)

            tools.append(tools_item)

        until = datetime.datetime.fromisoformat(d.pop("until"))

        users = d.pop("users")

        weeks = []
        _weeks = d.pop("weeks")
        for weeks_item_data in _weeks:
            weeks_item = ToolWeekUsageResponse.from_dict(weeks_item_data)

            weeks.append(weeks_item)

        usage_response = cls(
            since=since,
            tools=tools,
            until=until,
            users=users,
            weeks=weeks,
        )

        usage_response.additional_properties = d
        return usage_response

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
