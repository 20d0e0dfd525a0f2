from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.working_copy_response_files import WorkingCopyResponseFiles
    from ..models.working_copy_response_manifest import WorkingCopyResponseManifest


T = TypeVar("T", bound="WorkingCopyResponse")


@_attrs_define
class WorkingCopyResponse:
    """
    Attributes:
        base_version (int):
        files (WorkingCopyResponseFiles):
        head_version (int): The tool's newest version now: above base_version, someone else saved since the edits
            started
        manifest (WorkingCopyResponseManifest):
        updated_at (datetime.datetime):
    """

    base_version: int
    files: WorkingCopyResponseFiles
    head_version: int
    manifest: WorkingCopyResponseManifest
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        base_version = self.base_version

        files = self.files.to_dict()

        head_version = self.head_version

        manifest = self.manifest.to_dict()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "base_version": base_version,
                "files": files,
                "head_version": head_version,
                "manifest": manifest,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.working_copy_response_files import WorkingCopyResponseFiles  # noqa: PLC0415
        from ..models.working_copy_response_manifest import WorkingCopyResponseManifest  # noqa: PLC0415

        d = dict(src_dict)
        base_version = d.pop("base_version")

        files = WorkingCopyResponseFiles.from_dict(d.pop("files"))

        head_version = d.pop("head_version")

        manifest = WorkingCopyResponseManifest.from_dict(d.pop("manifest"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        working_copy_response = cls(
            base_version=base_version,
            files=files,
            head_version=head_version,
            manifest=manifest,
            updated_at=updated_at,
        )

        working_copy_response.additional_properties = d
        return working_copy_response

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
