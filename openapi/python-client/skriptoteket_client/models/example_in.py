from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.example_in_actions_item import ExampleInActionsItem
    from ..models.example_in_expected_type_0 import ExampleInExpectedType0
    from ..models.example_in_files import ExampleInFiles
    from ..models.example_in_inputs import ExampleInInputs


T = TypeVar("T", bound="ExampleIn")


@_attrs_define
class ExampleIn:
    """
    Attributes:
        case (str):
        inputs (ExampleInInputs):
        actions (list[ExampleInActionsItem] | Unset):
        expected (ExampleInExpectedType0 | None | Unset):
        files (ExampleInFiles | Unset): The case's input files by name, base64-encoded
    """

    case: str
    inputs: ExampleInInputs
    actions: list[ExampleInActionsItem] | Unset = UNSET
    expected: ExampleInExpectedType0 | None | Unset = UNSET
    files: ExampleInFiles | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.example_in_expected_type_0 import ExampleInExpectedType0  # noqa: PLC0415

        case = self.case

        inputs = self.inputs.to_dict()

        actions: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.actions, Unset):
            actions = []
            for actions_item_data in self.actions:
                actions_item = actions_item_data.to_dict()
                actions.append(actions_item)

        expected: dict[str, Any] | None | Unset
        if isinstance(self.expected, Unset):
            expected = UNSET
        elif isinstance(self.expected, ExampleInExpectedType0):
            expected = self.expected.to_dict()
        else:
            expected = self.expected

        files: dict[str, Any] | Unset = UNSET
        if not isinstance(self.files, Unset):
            files = self.files.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "case": case,
                "inputs": inputs,
            }
        )
        if actions is not UNSET:
            field_dict["actions"] = actions
        if expected is not UNSET:
            field_dict["expected"] = expected
        if files is not UNSET:
            field_dict["files"] = files

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.example_in_actions_item import ExampleInActionsItem  # noqa: PLC0415
        from ..models.example_in_expected_type_0 import ExampleInExpectedType0  # noqa: PLC0415
        from ..models.example_in_files import ExampleInFiles  # noqa: PLC0415
        from ..models.example_in_inputs import ExampleInInputs  # noqa: PLC0415

        d = dict(src_dict)
        case = d.pop("case")

        inputs = ExampleInInputs.from_dict(d.pop("inputs"))

        _actions = d.pop("actions", UNSET)
        actions: list[ExampleInActionsItem] | Unset = UNSET
        if _actions is not UNSET:
            actions = []
            for actions_item_data in _actions:
                actions_item = ExampleInActionsItem.from_dict(actions_item_data)

                actions.append(actions_item)

        def _parse_expected(data: object) -> ExampleInExpectedType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                expected_type_0 = ExampleInExpectedType0.from_dict(data)

                return expected_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ExampleInExpectedType0 | None | Unset, data)

        expected = _parse_expected(d.pop("expected", UNSET))

        _files = d.pop("files", UNSET)
        files: ExampleInFiles | Unset
        if isinstance(_files, Unset):
            files = UNSET
        else:
            files = ExampleInFiles.from_dict(_files)

        example_in = cls(
            case=case,
            inputs=inputs,
            actions=actions,
            expected=expected,
            files=files,
        )

        example_in.additional_properties = d
        return example_in

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
