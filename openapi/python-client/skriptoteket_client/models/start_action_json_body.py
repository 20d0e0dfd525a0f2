from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.start_action_json_body_input import StartActionJsonBodyInput


T = TypeVar("T", bound="StartActionJsonBody")


@_attrs_define
class StartActionJsonBody:
    """
    Attributes:
        action_id (str): A pending action's id
        expected_state_rev (int): The session's state_rev the client saw
        input_ (StartActionJsonBodyInput | Unset): Values by the action's field names (file fields excluded)
    """

    action_id: str
    expected_state_rev: int
    input_: StartActionJsonBodyInput | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        action_id = self.action_id

        expected_state_rev = self.expected_state_rev

        input_: dict[str, Any] | Unset = UNSET
        if not isinstance(self.input_, Unset):
            input_ = self.input_.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "action_id": action_id,
                "expected_state_rev": expected_state_rev,
            }
        )
        if input_ is not UNSET:
            field_dict["input"] = input_

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.start_action_json_body_input import StartActionJsonBodyInput  # noqa: PLC0415

        d = dict(src_dict)
        action_id = d.pop("action_id")

        expected_state_rev = d.pop("expected_state_rev")

        _input_ = d.pop("input", UNSET)
        input_: StartActionJsonBodyInput | Unset
        if isinstance(_input_, Unset):
            input_ = UNSET
        else:
            input_ = StartActionJsonBodyInput.from_dict(_input_)

        start_action_json_body = cls(
            action_id=action_id,
            expected_state_rev=expected_state_rev,
            input_=input_,
        )

        return start_action_json_body
