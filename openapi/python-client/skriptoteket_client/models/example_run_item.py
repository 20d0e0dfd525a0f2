from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.example_refusal import ExampleRefusal
    from ..models.run_response import RunResponse


T = TypeVar("T", bound="ExampleRunItem")


@_attrs_define
class ExampleRunItem:
    """
    Attributes:
        case (str): The example's name (examples/<case>/)
        run (None | RunResponse): The sandbox run: the latest of the example's runs (its first, then one per action
            taken); null when its files were refused
        started_at (datetime.datetime):
        expected_met (bool | None | Unset): Whether it ended as expected.json says (its last run, after its actions; a
            run before that which does not succeed, or a refused action, is not met); null while running, or when there is
            nothing to check (no expected.json)
        refused (ExampleRefusal | None | Unset): Why the server refused the example's files before any run, or (with a
            run) the action after it
        step (int | Unset): How many of the example's actions (actions.json) were taken: 0 for its first run. Reading
            this list takes the next one once the run succeeded. Default: 0.
        steps (int | Unset): The example's runs in all: 1 + its actions Default: 1.
    """

    case: str
    run: None | RunResponse
    started_at: datetime.datetime
    expected_met: bool | None | Unset = UNSET
    refused: ExampleRefusal | None | Unset = UNSET
    step: int | Unset = 0
    steps: int | Unset = 1
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.example_refusal import ExampleRefusal  # noqa: PLC0415
        from ..models.run_response import RunResponse  # noqa: PLC0415

        case = self.case

        run: dict[str, Any] | None
        if isinstance(self.run, RunResponse):
            run = self.run.to_dict()
        else:
            run = self.run

        started_at = self.started_at.isoformat()

        expected_met: bool | None | Unset
        if isinstance(self.expected_met, Unset):
            expected_met = UNSET
        else:
            expected_met = self.expected_met

        refused: dict[str, Any] | None | Unset
        if isinstance(self.refused, Unset):
            refused = UNSET
        elif isinstance(self.refused, ExampleRefusal):
            refused = self.refused.to_dict()
        else:
            refused = self.refused

        step = self.step

        steps = self.steps

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "case": case,
                "run": run,
                "started_at": started_at,
            }
        )
        if expected_met is not UNSET:
            field_dict["expected_met"] = expected_met
        if refused is not UNSET:
            field_dict["refused"] = refused
        if step is not UNSET:
            field_dict["step"] = step
        if steps is not UNSET:
            field_dict["steps"] = steps

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.example_refusal import ExampleRefusal  # noqa: PLC0415
        from ..models.run_response import RunResponse  # noqa: PLC0415

        d = dict(src_dict)
        case = d.pop("case")

        def _parse_run(data: object) -> None | RunResponse:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                run_type_0 = RunResponse.from_dict(data)

                return run_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | RunResponse, data)

        run = _parse_run(d.pop("run"))

        started_at = datetime.datetime.fromisoformat(d.pop("started_at"))

        def _parse_expected_met(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        expected_met = _parse_expected_met(d.pop("expected_met", UNSET))

        def _parse_refused(data: object) -> ExampleRefusal | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                refused_type_0 = ExampleRefusal.from_dict(data)

                return refused_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ExampleRefusal | None | Unset, data)

        refused = _parse_refused(d.pop("refused", UNSET))

        step = d.pop("step", UNSET)

        steps = d.pop("steps", UNSET)

        example_run_item = cls(
            case=case,
            run=run,
            started_at=started_at,
            expected_met=expected_met,
            refused=refused,
            step=step,
            steps=steps,
        )

        example_run_item.additional_properties = d
        return example_run_item

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
