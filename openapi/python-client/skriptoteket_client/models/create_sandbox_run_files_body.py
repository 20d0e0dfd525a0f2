from __future__ import annotations

from collections.abc import Mapping
from io import BytesIO
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .. import types
from ..types import UNSET, File, Unset

T = TypeVar("T", bound="CreateSandboxRunFilesBody")


@_attrs_define
class CreateSandboxRunFilesBody:
    """
    Attributes:
        inputs (str | Unset): JSON object: values by input field name
        settings (str | Unset): JSON object: settings to try, by setting name
        snapshot (str | Unset): JSON `{manifest, files}`; must come before the file parts
    """

    inputs: str | Unset = UNSET
    settings: str | Unset = UNSET
    snapshot: str | Unset = UNSET
    additional_properties: dict[str, File] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        inputs = self.inputs

        settings = self.settings

        snapshot = self.snapshot

        field_dict: dict[str, Any] = {}
        for prop_name, prop in self.additional_properties.items():
            field_dict[prop_name] = prop.to_tuple()

        field_dict.update({})
        if inputs is not UNSET:
            field_dict["inputs"] = inputs
        if settings is not UNSET:
            field_dict["settings"] = settings
        if snapshot is not UNSET:
            field_dict["snapshot"] = snapshot

        return field_dict

    def to_multipart(self) -> types.RequestFiles:
        files: types.RequestFiles = []

        if not isinstance(self.inputs, Unset):
            files.append(("inputs", (None, str(self.inputs).encode(), "text/plain")))

        if not isinstance(self.settings, Unset):
            files.append(("settings", (None, str(self.settings).encode(), "text/plain")))

        if not isinstance(self.snapshot, Unset):
            files.append(("snapshot", (None, str(self.snapshot).encode(), "text/plain")))

        for prop_name, prop in self.additional_properties.items():
            files.append((prop_name, prop.to_tuple()))

        return files

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        inputs = d.pop("inputs", UNSET)

        settings = d.pop("settings", UNSET)

        snapshot = d.pop("snapshot", UNSET)

        create_sandbox_run_files_body = cls(
            inputs=inputs,
            settings=settings,
            snapshot=snapshot,
        )

        additional_properties = {}
        for prop_name, prop_dict in d.items():
            additional_property = File(payload=BytesIO(prop_dict))

            additional_properties[prop_name] = additional_property

        create_sandbox_run_files_body.additional_properties = additional_properties
        return create_sandbox_run_files_body

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> File:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: File) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
