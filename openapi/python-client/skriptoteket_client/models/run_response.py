from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.run_response_env import RunResponseEnv
from ..models.run_response_mode import RunResponseMode
from ..models.run_status import RunStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.action import Action
    from ..models.artifact_response import ArtifactResponse
    from ..models.file_output import FileOutput
    from ..models.html_output import HtmlOutput
    from ..models.image_output import ImageOutput
    from ..models.json_output import JsonOutput
    from ..models.markdown_output import MarkdownOutput
    from ..models.notice_output import NoticeOutput
    from ..models.run_error_response import RunErrorResponse
    from ..models.run_logs import RunLogs
    from ..models.run_user_ref import RunUserRef
    from ..models.table_output import TableOutput
    from ..models.tool_ref import ToolRef


T = TypeVar("T", bound="RunResponse")


@_attrs_define
class RunResponse:
    """
    Attributes:
        actions (list[Action]):
        artifacts (list[ArtifactResponse]):
        env (RunResponseEnv):
        error (None | RunErrorResponse):
        finished_at (datetime.datetime | None):
        id (UUID):
        mode (RunResponseMode):
        outputs (list[FileOutput | HtmlOutput | ImageOutput | JsonOutput | MarkdownOutput | NoticeOutput |
            TableOutput]):
        queued_at (datetime.datetime):
        session_id (None | UUID):
        started_at (datetime.datetime | None):
        status (RunStatus):
        tool (ToolRef):
        version (int | None): null for a sandbox run
        content_expired (bool | Unset): The run's inputs, result, logs and files were deleted after the retention
            period; what remains is its status and timings Default: False.
        expected_met (bool | None | Unset): An example run (POST .../example-runs): whether it ended as its example's
            expected.json says; null while it runs, and for every other run
        logs (None | RunLogs | Unset):
        queue_position (int | None | Unset): While queued: how many queued runs will be taken before this one.
        retention_days (int | None | Unset): After how many days the content was deleted (set when expired)
        user (None | RunUserRef | Unset): Who ran it (in lists of runs; null otherwise)
    """

    actions: list[Action]
    artifacts: list[ArtifactResponse]
    env: RunResponseEnv
    error: None | RunErrorResponse
    finished_at: datetime.datetime | None
    id: UUID
    mode: RunResponseMode
    outputs: list[FileOutput | HtmlOutput | ImageOutput | JsonOutput | MarkdownOutput | NoticeOutput | TableOutput]
    queued_at: datetime.datetime
    session_id: None | UUID
    started_at: datetime.datetime | None
    status: RunStatus
    tool: ToolRef
    version: int | None
    content_expired: bool | Unset = False
    expected_met: bool | None | Unset = UNSET
    logs: None | RunLogs | Unset = UNSET
    queue_position: int | None | Unset = UNSET
    retention_days: int | None | Unset = UNSET
    user: None | RunUserRef | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.file_output import FileOutput  # noqa: PLC0415
        from ..models.html_output import HtmlOutput  # noqa: PLC0415
        from ..models.json_output import JsonOutput  # noqa: PLC0415
        from ..models.markdown_output import MarkdownOutput  # noqa: PLC0415
        from ..models.notice_output import NoticeOutput  # noqa: PLC0415
        from ..models.run_error_response import RunErrorResponse  # noqa: PLC0415
        from ..models.run_logs import RunLogs  # noqa: PLC0415
        from ..models.run_user_ref import RunUserRef  # noqa: PLC0415
        from ..models.table_output import TableOutput  # noqa: PLC0415

        actions = []
        for actions_item_data in self.actions:
            actions_item = actions_item_data.to_dict()
            actions.append(actions_item)

        artifacts = []
        for artifacts_item_data in self.artifacts:
            artifacts_item = artifacts_item_data.to_dict()
            artifacts.append(artifacts_item)

        env = self.env.value

        error: dict[str, Any] | None
        if isinstance(self.error, RunErrorResponse):
            error = self.error.to_dict()
        else:
            error = self.error

        finished_at: None | str
        if isinstance(self.finished_at, datetime.datetime):
            finished_at = self.finished_at.isoformat()
        else:
            finished_at = self.finished_at

        id = str(self.id)

        mode = self.mode.value

        outputs = []
        for outputs_item_data in self.outputs:
            outputs_item: dict[str, Any]
            if isinstance(outputs_item_data, NoticeOutput):
                outputs_item = outputs_item_data.to_dict()
            elif isinstance(outputs_item_data, MarkdownOutput):
                outputs_item = outputs_item_data.to_dict()
            elif isinstance(outputs_item_data, TableOutput):
                outputs_item = outputs_item_data.to_dict()
            elif isinstance(outputs_item_data, JsonOutput):
                outputs_item = outputs_item_data.to_dict()
            elif isinstance(outputs_item_data, HtmlOutput):
                outputs_item = outputs_item_data.to_dict()
            elif isinstance(outputs_item_data, FileOutput):
                outputs_item = outputs_item_data.to_dict()
            else:
                outputs_item = outputs_item_data.to_dict()

            outputs.append(outputs_item)

        queued_at = self.queued_at.isoformat()

        session_id: None | str
        if isinstance(self.session_id, UUID):
            session_id = str(self.session_id)
        else:
            session_id = self.session_id

        started_at: None | str
        if isinstance(self.started_at, datetime.datetime):
            started_at = self.started_at.isoformat()
        else:
            started_at = self.started_at

        status = self.status.value

        tool = self.tool.to_dict()

        version: int | None
        version = self.version

        content_expired = self.content_expired

        expected_met: bool | None | Unset
        if isinstance(self.expected_met, Unset):
            expected_met = UNSET
        else:
            expected_met = self.expected_met

        logs: dict[str, Any] | None | Unset
        if isinstance(self.logs, Unset):
            logs = UNSET
        elif isinstance(self.logs, RunLogs):
            logs = self.logs.to_dict()
        else:
            logs = self.logs

        queue_position: int | None | Unset
        if isinstance(self.queue_position, Unset):
            queue_position = UNSET
        else:
            queue_position = self.queue_position

        retention_days: int | None | Unset
        if isinstance(self.retention_days, Unset):
            retention_days = UNSET
        else:
            retention_days = self.retention_days

        user: dict[str, Any] | None | Unset
        if isinstance(self.user, Unset):
            user = UNSET
        elif isinstance(self.user, RunUserRef):
            user = self.user.to_dict()
        else:
            user = self.user

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "actions": actions,
                "artifacts": artifacts,
                "env": env,
                "error": error,
                "finished_at": finished_at,
                "id": id,
                "mode": mode,
                "outputs": outputs,
                "queued_at": queued_at,
                "session_id": session_id,
                "started_at": started_at,
                "status": status,
                "tool": tool,
                "version": version,
            }
        )
        if content_expired is not UNSET:
            field_dict["content_expired"] = content_expired
        if expected_met is not UNSET:
            field_dict["expected_met"] = expected_met
        if logs is not UNSET:
            field_dict["logs"] = logs
        if queue_position is not UNSET:
            field_dict["queue_position"] = queue_position
        if retention_days is not UNSET:
            field_dict["retention_days"] = retention_days
        if user is not UNSET:
            field_dict["user"] = user

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.action import Action  # noqa: PLC0415
        from ..models.artifact_response import ArtifactResponse  # noqa: PLC0415
        from ..models.file_output import FileOutput  # noqa: PLC0415
        from ..models.html_output import HtmlOutput  # noqa: PLC0415
        from ..models.image_output import ImageOutput  # noqa: PLC0415
        from ..models.json_output import JsonOutput  # noqa: PLC0415
        from ..models.markdown_output import MarkdownOutput  # noqa: PLC0415
        from ..models.notice_output import NoticeOutput  # noqa: PLC0415
        from ..models.run_error_response import RunErrorResponse  # noqa: PLC0415
        from ..models.run_logs import RunLogs  # noqa: PLC0415
        from ..models.run_user_ref import RunUserRef  # noqa: PLC0415
        from ..models.table_output import TableOutput  # noqa: PLC0415
        from ..models.tool_ref import ToolRef  # noqa: PLC0415

        d = dict(src_dict)
        actions = []
        _actions = d.pop("actions")
        for actions_item_data in _actions:
            actions_item = Action.from_dict(actions_item_data)

            actions.append(actions_item)

        artifacts = []
        _artifacts = d.pop("artifacts")
        for artifacts_item_data in _artifacts:
            artifacts_item = ArtifactResponse.from_dict(artifacts_item_data)

            artifacts.append(artifacts_item)

        env = RunResponseEnv(d.pop("env"))

        def _parse_error(data: object) -> None | RunErrorResponse:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                error_type_0 = RunErrorResponse.from_dict(data)

                return error_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | RunErrorResponse, data)

        error = _parse_error(d.pop("error"))

        def _parse_finished_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                finished_at_type_0 = datetime.datetime.fromisoformat(data)

                return finished_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        finished_at = _parse_finished_at(d.pop("finished_at"))

        id = UUID(d.pop("id"))

        mode = RunResponseMode(d.pop("mode"))

        outputs = []
        _outputs = d.pop("outputs")
        for outputs_item_data in _outputs:

            def _parse_outputs_item(
                data: object,
            ) -> FileOutput | HtmlOutput | ImageOutput | JsonOutput | MarkdownOutput | NoticeOutput | TableOutput:
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    outputs_item_type_0 = NoticeOutput.from_dict(data)

                    return outputs_item_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    outputs_item_type_1 = MarkdownOutput.from_dict(data)

                    return outputs_item_type_1
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    outputs_item_type_2 = TableOutput.from_dict(data)

                    return outputs_item_type_2
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    outputs_item_type_3 = JsonOutput.from_dict(data)

                    return outputs_item_type_3
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    outputs_item_type_4 = HtmlOutput.from_dict(data)

                    return outputs_item_type_4
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    outputs_item_type_5 = FileOutput.from_dict(data)

                    return outputs_item_type_5
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                if not isinstance(data, dict):
                    raise TypeError()
                outputs_item_type_6 = ImageOutput.from_dict(data)

                return outputs_item_type_6

            outputs_item = _parse_outputs_item(outputs_item_data)

            outputs.append(outputs_item)

        queued_at = datetime.datetime.fromisoformat(d.pop("queued_at"))

        def _parse_session_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                session_id_type_0 = UUID(data)

                return session_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        session_id = _parse_session_id(d.pop("session_id"))

        def _parse_started_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                started_at_type_0 = datetime.datetime.fromisoformat(data)

                return started_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        started_at = _parse_started_at(d.pop("started_at"))

        status = RunStatus(d.pop("status"))

        tool = ToolRef.from_dict(d.pop("tool"))

        def _parse_version(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        version = _parse_version(d.pop("version"))

        content_expired = d.pop("content_expired", UNSET)

        def _parse_expected_met(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        expected_met = _parse_expected_met(d.pop("expected_met", UNSET))

        def _parse_logs(data: object) -> None | RunLogs | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                logs_type_0 = RunLogs.from_dict(data)

                return logs_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | RunLogs | Unset, data)

        logs = _parse_logs(d.pop("logs", UNSET))

        def _parse_queue_position(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        queue_position = _parse_queue_position(d.pop("queue_position", UNSET))

        def _parse_retention_days(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        retention_days = _parse_retention_days(d.pop("retention_days", UNSET))

        def _parse_user(data: object) -> None | RunUserRef | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                user_type_0 = RunUserRef.from_dict(data)

                return user_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | RunUserRef | Unset, data)

        user = _parse_user(d.pop("user", UNSET))

        run_response = cls(
            actions=actions,
            artifacts=artifacts,
            env=env,
            error=error,
            finished_at=finished_at,
            id=id,
            mode=mode,
            outputs=outputs,
            queued_at=queued_at,
            session_id=session_id,
            started_at=started_at,
            status=status,
            tool=tool,
            version=version,
            content_expired=content_expired,
            expected_met=expected_met,
            logs=logs,
            queue_position=queue_position,
            retention_days=retention_days,
            user=user,
        )

        run_response.additional_properties = d
        return run_response

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
