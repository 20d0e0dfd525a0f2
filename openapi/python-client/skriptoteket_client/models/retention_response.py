from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="RetentionResponse")


@_attrs_define
class RetentionResponse:
    """
    Attributes:
        artifact_days (int):
        finished_jobs_hours (float):
        pass_interval_minutes (float):
        run_content_days (int):
        sign_in_absolute_hours (float):
        sign_in_idle_hours (float):
        tool_session_hours (int):
    """

    artifact_days: int
    finished_jobs_hours: float
    pass_interval_minutes: float
    run_content_days: int
    sign_in_absolute_hours: float
    sign_in_idle_hours: float
    tool_session_hours: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        artifact_days = self.artifact_days

        finished_jobs_hours = self.finished_jobs_hours

        pass_interval_minutes = self.pass_interval_minutes

        run_content_days = self.run_content_days

        sign_in_absolute_hours = self.sign_in_absolute_hours

        sign_in_idle_hours = self.sign_in_idle_hours

        tool_session_hours = self.tool_session_hours

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "artifact_days": artifact_days,
                "finished_jobs_hours": finished_jobs_hours,
                "pass_interval_minutes": pass_interval_minutes,
                "run_content_days": run_content_days,
                "sign_in_absolute_hours": sign_in_absolute_hours,
                "sign_in_idle_hours": sign_in_idle_hours,
                "tool_session_hours": tool_session_hours,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        artifact_days = d.pop("artifact_days")

        finished_jobs_hours = d.pop("finished_jobs_hours")

        pass_interval_minutes = d.pop("pass_interval_minutes")

        run_content_days = d.pop("run_content_days")

        sign_in_absolute_hours = d.pop("sign_in_absolute_hours")

        sign_in_idle_hours = d.pop("sign_in_idle_hours")

        tool_session_hours = d.pop("tool_session_hours")

        retention_response = cls(
            artifact_days=artifact_days,
            finished_jobs_hours=finished_jobs_hours,
            pass_interval_minutes=pass_interval_minutes,
            run_content_days=run_content_days,
            sign_in_absolute_hours=sign_in_absolute_hours,
            sign_in_idle_hours=sign_in_idle_hours,
            tool_session_hours=tool_session_hours,
        )

        retention_response.additional_properties = d
        return retention_response

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
