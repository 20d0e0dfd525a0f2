from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.working_copy_request_files import WorkingCopyRequestFiles
    from ..models.working_copy_request_manifest import WorkingCopyRequestManifest


T = TypeVar("T", bound="WorkingCopyRequest")


@_attrs_define
class WorkingCopyRequest:
    """
    Attributes:
        base_version (int): The version the edits started from; 0 before the first
        files (WorkingCopyRequestFiles): Source files by relative path
        manifest (WorkingCopyRequestManifest): The manifest as edited, maybe invalid
    """

    base_version: int
    files: WorkingCopyRequestFiles
    manifest: WorkingCopyRequestManifest
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        base_version = self.base_version

        files = self.files.to_dict()

        manifest = self.manifest.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "base_version": base_version,
                "files": files,
                "manifest": manifest,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.working_copy_request_files import WorkingCopyRequestFiles  # noqa: PLC0415
        from ..models.working_copy_request_manifest import WorkingCopyRequestManifest  # noqa: PLC0415

        d = dict(src_dict)
        base_version = d.pop("base_version")

        files = WorkingCopyRequestFiles.from_dict(d.pop("files"))

        manifest = WorkingCopyRequestManifest.from_dict(d.pop("manifest"))

        working_copy_request = cls(
            base_version=base_version,
            files=files,
            manifest=manifest,
        )

        working_copy_request.additional_properties = d
        return working_copy_request

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
