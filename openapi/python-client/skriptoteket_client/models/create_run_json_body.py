from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.create_run_json_body_inputs import CreateRunJsonBodyInputs


T = TypeVar("T", bound="CreateRunJsonBody")


@_attrs_define
class CreateRunJsonBody:
    """
    Attributes:
        inputs (CreateRunJsonBodyInputs | Unset): Values by input field name (file fields excluded)
    """

    inputs: CreateRunJsonBodyInputs | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        inputs: dict[str, Any] | Unset = UNSET
        if not isinstance(self.inputs, Unset):
            inputs = self.inputs.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if inputs is not UNSET:
            field_dict["inputs"] = inputs

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.create_run_json_body_inputs import CreateRunJsonBodyInputs  # noqa: PLC0415

        d = dict(src_dict)
        _inputs = d.pop("inputs", UNSET)
        inputs: CreateRunJsonBodyInputs | Unset
        if isinstance(_inputs, Unset):
            inputs = UNSET
        else:
            inputs = CreateRunJsonBodyInputs.from_dict(_inputs)

        create_run_json_body = cls(
            inputs=inputs,
        )

        return create_run_json_body
