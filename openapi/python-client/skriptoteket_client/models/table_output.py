from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.table_column import TableColumn
    from ..models.table_output_rows_item import TableOutputRowsItem


T = TypeVar("T", bound="TableOutput")


@_attrs_define
class TableOutput:
    """
    Attributes:
        columns (list[TableColumn]):
        kind (Literal['table']):
        rows (list[TableOutputRowsItem]):
        title (None | str | Unset):
    """

    columns: list[TableColumn]
    kind: Literal["table"]
    rows: list[TableOutputRowsItem]
    title: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        columns = []
        for columns_item_data in self.columns:
            columns_item = columns_item_data.to_dict()
            columns.append(columns_item)

        kind = self.kind

        rows = []
        for rows_item_data in self.rows:
            rows_item = rows_item_data.to_dict()
            rows.append(rows_item)

        title: None | str | Unset
        if isinstance(self.title, Unset):
            title = UNSET
        else:
            title = self.title

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "columns": columns,
                "kind": kind,
                "rows": rows,
            }
        )
        if title is not UNSET:
            field_dict["title"] = title

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.table_column import TableColumn  # noqa: PLC0415
        from ..models.table_output_rows_item import TableOutputRowsItem  # noqa: PLC0415

        d = dict(src_dict)
        columns = []
        _columns = d.pop("columns")
        for columns_item_data in _columns:
            columns_item = TableColumn.from_dict(columns_item_data)

            columns.append(columns_item)

        kind = cast(Literal["table"], d.pop("kind"))
        if kind != "table":
            raise ValueError(f"kind must match const 'table', got '{kind}'")

        rows = []
        _rows = d.pop("rows")
        for rows_item_data in _rows:
            rows_item = TableOutputRowsItem.from_dict(rows_item_data)

            rows.append(rows_item)

        def _parse_title(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        title = _parse_title(d.pop("title", UNSET))

        table_output = cls(
            columns=columns,
            kind=kind,
            rows=rows,
            title=title,
        )

        table_output.additional_properties = d
        return table_output

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
