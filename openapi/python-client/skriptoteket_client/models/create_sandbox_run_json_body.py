from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.create_sandbox_run_json_body_inputs import CreateSandboxRunJsonBodyInputs
    from ..models.create_sandbox_run_json_body_settings import CreateSandboxRunJsonBodySettings
    from ..models.create_sandbox_run_json_body_snapshot import CreateSandboxRunJsonBodySnapshot


T = TypeVar("T", bound="CreateSandboxRunJsonBody")


@_attrs_define
class CreateSandboxRunJsonBody:
    """
    Attributes:
        snapshot (CreateSandboxRunJsonBodySnapshot): The unsaved `{manifest, files}`, checked like a save
        inputs (CreateSandboxRunJsonBodyInputs | Unset): Values by input field name (file fields excluded)
        settings (CreateSandboxRunJsonBodySettings | Unset): Settings to try, by setting name; default: my saved
            settings
    """

    snapshot: CreateSandboxRunJsonBodySnapshot
    inputs: CreateSandboxRunJsonBodyInputs | Unset = UNSET
    settings: CreateSandboxRunJsonBodySettings | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        snapshot = self.snapshot.to_dict()

        inputs: dict[str, Any] | Unset = UNSET
        if not isinstance(self.inputs, Unset):
            inputs = self.inputs.to_dict()

        settings: dict[str, Any] | Unset = UNSET
        if not isinstance(self.settings, Unset):
            settings = self.settings.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "snapshot": snapshot,
            }
        )
        if inputs is not UNSET:
            field_dict["inputs"] = inputs
        if settings is not UNSET:
            field_dict["settings"] = settings

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.create_sandbox_run_json_body_inputs import CreateSandboxRunJsonBodyInputs  # noqa: PLC0415
        from ..models.create_sandbox_run_json_body_settings import CreateSandboxRunJsonBodySettings  # noqa: PLC0415
        from ..models.create_sandbox_run_json_body_snapshot import CreateSandboxRunJsonBodySnapshot  # noqa: PLC0415

        d = dict(src_dict)
        snapshot = CreateSandboxRunJsonBodySnapshot.from_dict(d.pop("snapshot"))

        _inputs = d.pop("inputs", UNSET)
        inputs: CreateSandboxRunJsonBodyInputs | Unset
        if isinstance(_inputs, Unset):
            inputs = UNSET
        else:
            inputs = CreateSandboxRunJsonBodyInputs.from_dict(_inputs)

        _settings = d.pop("settings", UNSET)
        settings: CreateSandboxRunJsonBodySettings | Unset
        if isinstance(_settings, Unset):
            settings = UNSET
        else:
            settings = CreateSandboxRunJsonBodySettings.from_dict(_settings)

        create_sandbox_run_json_body = cls(
            snapshot=snapshot,
            inputs=inputs,
            settings=settings,
        )

        return create_sandbox_run_json_body
