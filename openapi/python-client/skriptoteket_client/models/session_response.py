from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.session_response_env import SessionResponseEnv
from ..models.session_response_status import SessionResponseStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.action import Action
    from ..models.session_file_response import SessionFileResponse
    from ..models.session_response_inputs import SessionResponseInputs
    from ..models.session_response_state_type_0 import SessionResponseStateType0
    from ..models.tool_ref import ToolRef


T = TypeVar("T", bound="SessionResponse")


@_attrs_define
class SessionResponse:
    """
    Attributes:
        env (SessionResponseEnv):
        expires_at (datetime.datetime):
        files (list[SessionFileResponse]):
        id (UUID):
        last_run_id (None | UUID):
        pending_actions (list[Action]):
        state_rev (int):
        status (SessionResponseStatus):
        tool (ToolRef):
        inputs (SessionResponseInputs | Unset): The first run's inputs (files are in `files`)
        state (None | SessionResponseStateType0 | Unset): The tool's state: in sandbox sessions only, where its author
            tests it
    """

    env: SessionResponseEnv
    expires_at: datetime.datetime
    files: list[SessionFileResponse]
    id: UUID
    last_run_id: None | UUID
    pending_actions: list[Action]
    state_rev: int
    status: SessionResponseStatus
    tool: ToolRef
    inputs: SessionResponseInputs | Unset = UNSET
    state: None | SessionResponseStateType0 | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.session_response_state_type_0 import SessionResponseStateType0  # noqa: PLC0415

        env = self.env.value

        expires_at = self.expires_at.isoformat()

        files = []
        for files_item_data in self.files:
            files_item = files_item_data.to_dict()
            files.append(files_item)

        id = str(self.id)

        last_run_id: None | str
        if isinstance(self.last_run_id, UUID):
            last_run_id = str(self.last_run_id)
        else:
            last_run_id = self.last_run_id

        pending_actions = []
        for pending_actions_item_data in self.pending_actions:
            pending_actions_item = pending_actions_item_data.to_dict()
            pending_actions.append(pending_actions_item)

        state_rev = self.state_rev

        status = self.status.value

        tool = self.tool.to_dict()

        inputs: dict[str, Any] | Unset = UNSET
        if not isinstance(self.inputs, Unset):
            inputs = self.inputs.to_dict()

        state: dict[str, Any] | None | Unset
        if isinstance(self.state, Unset):
            state = UNSET
        elif isinstance(self.state, SessionResponseStateType0):
            state = self.state.to_dict()
        else:
            state = self.state

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "env": env,
                "expires_at": expires_at,
                "files": files,
                "id": id,
                "last_run_id": last_run_id,
                "pending_actions": pending_actions,
                "state_rev": state_rev,
                "status": status,
                "tool": tool,
            }
        )
        if inputs is not UNSET:
            field_dict["inputs"] = inputs
        if state is not UNSET:
            field_dict["state"] = state

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.action import Action  # noqa: PLC0415
        from ..models.session_file_response import SessionFileResponse  # noqa: PLC0415
        from ..models.session_response_inputs import SessionResponseInputs  # noqa: PLC0415
        from ..models.session_response_state_type_0 import SessionResponseStateType0  # noqa: PLC0415
        from ..models.tool_ref import ToolRef  # noqa: PLC0415

        d = dict(src_dict)
        env = SessionResponseEnv(d.pop("env"))

        expires_at = datetime.datetime.fromisoformat(d.pop("expires_at"))

        files = []
        _files = d.pop("files")
        for files_item_data in _files:
            files_item = SessionFileResponse.from_dict(files_item_data)

            files.append(files_item)

        id = UUID(d.pop("id"))

        def _parse_last_run_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_run_id_type_0 = UUID(data)

                return last_run_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        last_run_id = _parse_last_run_id(d.pop("last_run_id"))

        pending_actions = []
        _pending_actions = d.pop("pending_actions")
        for pending_actions_item_data in _pending_actions:
            pending_actions_item = Action.from_dict(pending_actions_item_data)

            pending_actions.append(pending_actions_item)

        state_rev = d.pop("state_rev")

        status = SessionResponseStatus(d.pop("status"))

        tool = ToolRef.from_dict(d.pop("tool"))

        _inputs = d.pop("inputs", UNSET)
        inputs: SessionResponseInputs | Unset
        if isinstance(_inputs, Unset):
            inputs = UNSET
        else:
            inputs = SessionResponseInputs.from_dict(_inputs)

        def _parse_state(data: object) -> None | SessionResponseStateType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                state_type_0 = SessionResponseStateType0.from_dict(data)

                return state_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SessionResponseStateType0 | Unset, data)

        state = _parse_state(d.pop("state", UNSET))

        session_response = cls(
            env=env,
            expires_at=expires_at,
            files=files,
            id=id,
            last_run_id=last_run_id,
            pending_actions=pending_actions,
            state_rev=state_rev,
            status=status,
            tool=tool,
            inputs=inputs,
            state=state,
        )

        session_response.additional_properties = d
        return session_response

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
