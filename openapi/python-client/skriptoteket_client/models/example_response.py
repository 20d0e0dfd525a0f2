from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.example_file_response import ExampleFileResponse
    from ..models.example_response_actions_item import ExampleResponseActionsItem
    from ..models.example_response_expected_type_0 import ExampleResponseExpectedType0
    from ..models.example_response_inputs import ExampleResponseInputs


T = TypeVar("T", bound="ExampleResponse")


@_attrs_define
class ExampleResponse:
    """
    Attributes:
        actions (list[ExampleResponseActionsItem]): actions.json: [{"id", "input"}] run in order after the first run
        case (str): The example's folder name, examples/<case>/
        expected (ExampleResponseExpectedType0 | None): expected.json: {"status": "succeeded", "artifacts": [...]} or
            {"status": "failed", "error_code", "message_contains"}; null when not given
        files (list[ExampleFileResponse]):
        inputs (ExampleResponseInputs): inputs.json: the first run's inputs; a file field names files below
    """

    actions: list[ExampleResponseActionsItem]
    case: str
    expected: ExampleResponseExpectedType0 | None
    files: list[ExampleFileResponse]
    inputs: ExampleResponseInputs
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.example_response_expected_type_0 import ExampleResponseExpectedType0  # noqa: PLC0415

        actions = []
        for actions_item_data in self.actions:
            actions_item = actions_item_data.to_dict()
            actions.append(actions_item)

        case = self.case

        expected: dict[str, Any] | None
        if isinstance(self.expected, ExampleResponseExpectedType0):
            expected = self.expected.to_dict()
        else:
            expected = self.expected

        files = []
        for files_item_data in self.files:
            files_item = files_item_data.to_dict()
            files.append(files_item)

        inputs = self.inputs.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "actions": actions,
                "case": case,
                "expected": expected,
                "files": files,
                "inputs": inputs,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.example_file_response import ExampleFileResponse  # noqa: PLC0415
        from ..models.example_response_actions_item import ExampleResponseActionsItem  # noqa: PLC0415
        from ..models.example_response_expected_type_0 import ExampleResponseExpectedType0  # noqa: PLC0415
        from ..models.example_response_inputs import ExampleResponseInputs  # noqa: PLC0415

        d = dict(src_dict)
        actions = []
        _actions = d.pop("actions")
        for actions_item_data in _actions:
            actions_item = ExampleResponseActionsItem.from_dict(actions_item_data)

            actions.append(actions_item)

        case = d.pop("case")

        def _parse_expected(data: object) -> ExampleResponseExpectedType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                expected_type_0 = ExampleResponseExpectedType0.from_dict(data)

                return expected_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ExampleResponseExpectedType0 | None, data)

        expected = _parse_expected(d.pop("expected"))

        files = []
        _files = d.pop("files")
        for files_item_data in _files:
            files_item = ExampleFileResponse.from_dict(files_item_data)

            files.append(files_item)

        inputs = ExampleResponseInputs.from_dict(d.pop("inputs"))

        example_response = cls(
            actions=actions,
            case=case,
            expected=expected,
            files=files,
            inputs=inputs,
        )

        example_response.additional_properties = d
        return example_response

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
