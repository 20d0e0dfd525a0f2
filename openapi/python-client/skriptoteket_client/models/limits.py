from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Limits")


@_attrs_define
class Limits:
    """
    Attributes:
        actions (int | Unset): Actions per result Default: 10.
        artifact_retention_days (int | Unset):  Default: 7.
        artifact_total_bytes (int | Unset):  Default: 104857600.
        artifacts (int | Unset): Artifacts per run Default: 50.
        cpus (float | Unset):  Default: 1.0.
        fields_per_form (int | Unset):  Default: 25.
        html_bytes (int | Unset):  Default: 262144.
        json_bytes (int | Unset): A json output's value, encoded Default: 262144.
        json_depth (int | Unset): Nesting depth of a json output's value and of state Default: 32.
        log_bytes (int | Unset): Captured stdout/stderr per stream Default: 204800.
        markdown_bytes (int | Unset):  Default: 65536.
        max_memory_mb (int | Unset): The most a manifest may ask for Default: 2048.
        max_timeout_s (int | Unset): The most a manifest may ask for Default: 300.
        memory_mb (int | Unset): Memory (swap = memory) a tool gets by default Default: 512.
        notice_bytes (int | Unset):  Default: 8192.
        output_mb (int | Unset): /work/output Default: 256.
        outputs (int | Unset): Outputs per result Default: 50.
        pids (int | Unset):  Default: 128.
        request_bytes (int | Unset): request.json Default: 1048576.
        result_bytes (int | Unset): result.json as the tool wrote it Default: 2097152.
        session_file_retention_h (int | Unset):  Default: 24.
        source_bytes (int | Unset): All source files of a version together Default: 524288.
        state_bytes (int | Unset): Session state, encoded as JSON Default: 65536.
        table_cell_bytes (int | Unset):  Default: 1024.
        table_columns (int | Unset):  Default: 50.
        table_rows (int | Unset):  Default: 1000.
        timeout_s (int | Unset): Run timeout a tool gets by default Default: 60.
        tmp_mb (int | Unset): The tmpfs at /tmp Default: 256.
        ui_payload_bytes (int | Unset): Stored, normalized {outputs, actions} Default: 524288.
        upload_file_bytes (int | Unset):  Default: 20971520.
        upload_files (int | Unset): Files per run Default: 20.
        upload_total_bytes (int | Unset):  Default: 52428800.
    """

    actions: int | Unset = 10
    artifact_retention_days: int | Unset = 7
    artifact_total_bytes: int | Unset = 104857600
    artifacts: int | Unset = 50
    cpus: float | Unset = 1.0
    fields_per_form: int | Unset = 25
    html_bytes: int | Unset = 262144
    json_bytes: int | Unset = 262144
    json_depth: int | Unset = 32
    log_bytes: int | Unset = 204800
    markdown_bytes: int | Unset = 65536
    max_memory_mb: int | Unset = 2048
    max_timeout_s: int | Unset = 300
    memory_mb: int | Unset = 512
    notice_bytes: int | Unset = 8192
    output_mb: int | Unset = 256
    outputs: int | Unset = 50
    pids: int | Unset = 128
    request_bytes: int | Unset = 1048576
    result_bytes: int | Unset = 2097152
    session_file_retention_h: int | Unset = 24
    source_bytes: int | Unset = 524288
    state_bytes: int | Unset = 65536
    table_cell_bytes: int | Unset = 1024
    table_columns: int | Unset = 50
    table_rows: int | Unset = 1000
    timeout_s: int | Unset = 60
    tmp_mb: int | Unset = 256
    ui_payload_bytes: int | Unset = 524288
    upload_file_bytes: int | Unset = 20971520
    upload_files: int | Unset = 20
    upload_total_bytes: int | Unset = 52428800
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        actions = self.actions

        artifact_retention_days = self.artifact_retention_days

        artifact_total_bytes = self.artifact_total_bytes

        artifacts = self.artifacts

        cpus = self.cpus

        fields_per_form = self.fields_per_form

        html_bytes = self.html_bytes

        json_bytes = self.json_bytes

        json_depth = self.json_depth

        log_bytes = self.log_bytes

        markdown_bytes = self.markdown_bytes

        max_memory_mb = self.max_memory_mb

        max_timeout_s = self.max_timeout_s

        memory_mb = self.memory_mb

        notice_bytes = self.notice_bytes

        output_mb = self.output_mb

        outputs = self.outputs

        pids = self.pids

        request_bytes = self.request_bytes

        result_bytes = self.result_bytes

        session_file_retention_h = self.session_file_retention_h

        source_bytes = self.source_bytes

        state_bytes = self.state_bytes

        table_cell_bytes = self.table_cell_bytes

        table_columns = self.table_columns

        table_rows = self.table_rows

        timeout_s = self.timeout_s

        tmp_mb = self.tmp_mb

        ui_payload_bytes = self.ui_payload_bytes

        upload_file_bytes = self.upload_file_bytes

        upload_files = self.upload_files

        upload_total_bytes = self.upload_total_bytes

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if actions is not UNSET:
            field_dict["actions"] = actions
        if artifact_retention_days is not UNSET:
            field_dict["artifact_retention_days"] = artifact_retention_days
        if artifact_total_bytes is not UNSET:
            field_dict["artifact_total_bytes"] = artifact_total_bytes
        if artifacts is not UNSET:
            field_dict["artifacts"] = artifacts
        if cpus is not UNSET:
            field_dict["cpus"] = cpus
        if fields_per_form is not UNSET:
            field_dict["fields_per_form"] = fields_per_form
        if html_bytes is not UNSET:
            field_dict["html_bytes"] = html_bytes
        if json_bytes is not UNSET:
            field_dict["json_bytes"] = json_bytes
        if json_depth is not UNSET:
            field_dict["json_depth"] = json_depth
        if log_bytes is not UNSET:
            field_dict["log_bytes"] = log_bytes
        if markdown_bytes is not UNSET:
            field_dict["markdown_bytes"] = markdown_bytes
        if max_memory_mb is not UNSET:
            field_dict["max_memory_mb"] = max_memory_mb
        if max_timeout_s is not UNSET:
            field_dict["max_timeout_s"] = max_timeout_s
        if memory_mb is not UNSET:
            field_dict["memory_mb"] = memory_mb
        if notice_bytes is not UNSET:
            field_dict["notice_bytes"] = notice_bytes
        if output_mb is not UNSET:
            field_dict["output_mb"] = output_mb
        if outputs is not UNSET:
            field_dict["outputs"] = outputs
        if pids is not UNSET:
            field_dict["pids"] = pids
        if request_bytes is not UNSET:
            field_dict["request_bytes"] = request_bytes
        if result_bytes is not UNSET:
            field_dict["result_bytes"] = result_bytes
        if session_file_retention_h is not UNSET:
            field_dict["session_file_retention_h"] = session_file_retention_h
        if source_bytes is not UNSET:
            field_dict["source_bytes"] = source_bytes
        if state_bytes is not UNSET:
            field_dict["state_bytes"] = state_bytes
        if table_cell_bytes is not UNSET:
            field_dict["table_cell_bytes"] = table_cell_bytes
        if table_columns is not UNSET:
            field_dict["table_columns"] = table_columns
        if table_rows is not UNSET:
            field_dict["table_rows"] = table_rows
        if timeout_s is not UNSET:
            field_dict["timeout_s"] = timeout_s
        if tmp_mb is not UNSET:
            field_dict["tmp_mb"] = tmp_mb
        if ui_payload_bytes is not UNSET:
            field_dict["ui_payload_bytes"] = ui_payload_bytes
        if upload_file_bytes is not UNSET:
            field_dict["upload_file_bytes"] = upload_file_bytes
        if upload_files is not UNSET:
            field_dict["upload_files"] = upload_files
        if upload_total_bytes is not UNSET:
            field_dict["upload_total_bytes"] = upload_total_bytes

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        actions = d.pop("actions", UNSET)

        artifact_retention_days = d.pop("artifact_retention_days", UNSET)

        artifact_total_bytes = d.pop("artifact_total_bytes", UNSET)

        artifacts = d.pop("artifacts", UNSET)

        cpus = d.pop("cpus", UNSET)

        fields_per_form = d.pop("fields_per_form", UNSET)

        html_bytes = d.pop("html_bytes", UNSET)

        json_bytes = d.pop("json_bytes", UNSET)

        json_depth = d.pop("json_depth", UNSET)

        log_bytes = d.pop("log_bytes", UNSET)

        markdown_bytes = d.pop("markdown_bytes", UNSET)

        max_memory_mb = d.pop("max_memory_mb", UNSET)

        max_timeout_s = d.pop("max_timeout_s", UNSET)

        memory_mb = d.pop("memory_mb", UNSET)

        notice_bytes = d.pop("notice_bytes", UNSET)

        output_mb = d.pop("output_mb", UNSET)

        outputs = d.pop("outputs", UNSET)

        pids = d.pop("pids", UNSET)

        request_bytes = d.pop("request_bytes", UNSET)

        result_bytes = d.pop("result_bytes", UNSET)

        session_file_retention_h = d.pop("session_file_retention_h", UNSET)

        source_bytes = d.pop("source_bytes", UNSET)

        state_bytes = d.pop("state_bytes", UNSET)

        table_cell_bytes = d.pop("table_cell_bytes", UNSET)

        table_columns = d.pop("table_columns", UNSET)

        table_rows = d.pop("table_rows", UNSET)

        timeout_s = d.pop("timeout_s", UNSET)

        tmp_mb = d.pop("tmp_mb", UNSET)

        ui_payload_bytes = d.pop("ui_payload_bytes", UNSET)

        upload_file_bytes = d.pop("upload_file_bytes", UNSET)

        upload_files = d.pop("upload_files", UNSET)

        upload_total_bytes = d.pop("upload_total_bytes", UNSET)

        limits = cls(
            actions=actions,
            artifact_retention_days=artifact_retention_days,
            artifact_total_bytes=artifact_total_bytes,
            artifacts=artifacts,
            cpus=cpus,
            fields_per_form=fields_per_form,
            html_bytes=html_bytes,
            json_bytes=json_bytes,
            json_depth=json_depth,
            log_bytes=log_bytes,
            markdown_bytes=markdown_bytes,
            max_memory_mb=max_memory_mb,
            max_timeout_s=max_timeout_s,
            memory_mb=memory_mb,
            notice_bytes=notice_bytes,
            output_mb=output_mb,
            outputs=outputs,
            pids=pids,
            request_bytes=request_bytes,
            result_bytes=result_bytes,
            session_file_retention_h=session_file_retention_h,
            source_bytes=source_bytes,
            state_bytes=state_bytes,
            table_cell_bytes=table_cell_bytes,
            table_columns=table_columns,
            table_rows=table_rows,
            timeout_s=timeout_s,
            tmp_mb=tmp_mb,
            ui_payload_bytes=ui_payload_bytes,
            upload_file_bytes=upload_file_bytes,
            upload_files=upload_files,
            upload_total_bytes=upload_total_bytes,
        )

        limits.additional_properties = d
        return limits

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
