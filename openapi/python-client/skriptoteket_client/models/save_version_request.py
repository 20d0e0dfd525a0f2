from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.example_in import ExampleIn
    from ..models.save_version_request_files import SaveVersionRequestFiles
    from ..models.save_version_request_manifest import SaveVersionRequestManifest


T = TypeVar("T", bound="SaveVersionRequest")


@_attrs_define
class SaveVersionRequest:
    """
    Attributes:
        base_version (int): The newest version number you edited; 0 for the first.
        files (SaveVersionRequestFiles): Source files by relative path: .py, .txt, .md, .json, .csv, .toml
        manifest (SaveVersionRequestManifest): A Manifest (tool contract); every problem is reported at its path.
        change_summary (str | Unset):  Default: ''.
        examples (list[ExampleIn] | None | Unset): The version's examples; left out, the newest version's are kept
    """

    base_version: int
    files: SaveVersionRequestFiles
    manifest: SaveVersionRequestManifest
    change_summary: str | Unset = ""
    examples: list[ExampleIn] | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        base_version = self.base_version

        files = self.files.to_dict()

        manifest = self.manifest.to_dict()

        change_summary = self.change_summary

        examples: list[dict[str, Any]] | None | Unset
        if isinstance(self.examples, Unset):
            examples = UNSET
        elif isinstance(self.examples, list):
            examples = []
            for examples_type_0_item_data in self.examples:
                examples_type_0_item = examples_type_0_item_data.to_dict()
                examples.append(examples_type_0_item)

        else:
            examples = self.examples

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "base_version": base_version,
                "files": files,
                "manifest": manifest,
            }
        )
        if change_summary is not UNSET:
            field_dict["change_summary"] = change_summary
        if examples is not UNSET:
            field_dict["examples"] = examples

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.example_in import ExampleIn  # noqa: PLC0415
        from ..models.save_version_request_files import SaveVersionRequestFiles  # noqa: PLC0415
        from ..models.save_version_request_manifest import SaveVersionRequestManifest  # noqa: PLC0415

        d = dict(src_dict)
        base_version = d.pop("base_version")

        files = SaveVersionRequestFiles.from_dict(d.pop("files"))

        manifest = SaveVersionRequestManifest.from_dict(d.pop("manifest"))

        change_summary = d.pop("change_summary", UNSET)

        def _parse_examples(data: object) -> list[ExampleIn] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                examples_type_0 = []
                _examples_type_0 = data
                for examples_type_0_item_data in _examples_type_0:
                    examples_type_0_item = ExampleIn.from_dict(examples_type_0_item_data)

                    examples_type_0.append(examples_type_0_item)

                return examples_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[ExampleIn] | None | Unset, data)

        examples = _parse_examples(d.pop("examples", UNSET))

        save_version_request = cls(
            base_version=base_version,
            files=files,
            manifest=manifest,
            change_summary=change_summary,
            examples=examples,
        )

        save_version_request.additional_properties = d
        return save_version_request

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
