"""Ordinary-looking workbooks that declare a huge grid: every tool answers fast, never spins.

Excel and LibreOffice write `<dimension ref="A1:AMJ1048576"/>` (and `<cols>` covering every
column) once formatting is applied to whole columns; a reader that walks the declared grid instead
of the cells the file holds spins until the run's deadline. The workbooks here add merged cells,
hidden sheets, formulas without cached values and formatted empty cells in the far corner.
"""

from __future__ import annotations

import io
import re
import signal
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from bank_testing import BANK, SLUGS, load_tool, manifest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from skriptoteket_toolkit import Context, InputFile, UserError
from skriptoteket_toolkit.offline import run_offline
from skriptoteket_toolkit.tables import MAX_CELLS, read_table

CPU_BUDGET_S = 2.0
HEADERS = ["Elev", "Namn", "Klass", "Ämne", "Betyg", "E-post", "Datum", "Frånvaro", "Minuter"]
HEADERS += ["Dag", "Start", "Slut", "Lärare", "Sal", "U1", "U2", "Max", "Förnamn", "Kommentar"]
CELL = st.one_of(
    st.text(alphabet="abcåäöÅÄÖ ABC0123456789-,.:@", max_size=12),
    st.integers(min_value=-5, max_value=100),
    st.just("=SUM(B2:B9)"),  # a formula: openpyxl stores no cached value, so it reads as empty
    st.none(),
)
FILE_FIELD = {
    slug: next(f for f in manifest(slug)["inputs"] if f["kind"] == "file")["name"] for slug in SLUGS
}
INPUTS = {"omdomen-per-elev": {"malltext": "{Elev}"}}
PLAIN: dict[str, Any] = {
    "hidden_first": False,
    "merge": False,
    "whole_columns": False,
    "far_corner": False,
    "dimension": "",
}


@contextmanager
def cpu_budget(seconds: float) -> Iterator[None]:
    """Fail when the block uses more than `seconds` of CPU (a loaded machine does not count)."""

    def expired(_signum: int, _frame: object) -> None:
        raise TimeoutError(f"more than {seconds} s of CPU")

    previous = signal.signal(signal.SIGPROF, expired)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


def hostile_workbook(
    header: list[str],
    rows: list[list[Any]],
    *,
    hidden_first: bool,
    merge: bool,
    whole_columns: bool,
    far_corner: bool,
    dimension: str,
) -> bytes:
    workbook = Workbook()
    sheets = [workbook.active]
    if hidden_first:
        sheets.insert(0, workbook.create_sheet("Dold", 0))
        sheets[0].append(["Hemlig", "Ska inte läsas"])
        sheets[0].sheet_state = "hidden"
    sheet = sheets[-1]
    assert sheet is not None
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells("A9:B9")
        sheet.merge_cells("C40:H400")
    buffer = io.BytesIO()
    workbook.save(buffer)
    real = f"xl/worksheets/sheet{len(sheets)}.xml"
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in source.namelist():
            data = source.read(name)
            if name == real:
                data = re.sub(rb"<dimension ref=\"[^\"]*\"\s*/>", dimension.encode(), data)
                if whole_columns:
                    data = re.sub(
                        rb"<sheetData",
                        b'<cols><col min="1" max="16384" width="12" style="0" customWidth="1"/>'
                        b"</cols><sheetData",
                        data,
                        count=1,
                    )
                if far_corner:  # formatted, empty cells in the last row and column
                    data = data.replace(
                        b"</sheetData>",
                        b'<row r="1048576"><c r="A1048576" s="0"/><c r="XFD1048576" s="0"/>'
                        b"</row></sheetData>",
                    )
            archive.writestr(name, data)
    return out.getvalue()


@st.composite
def workbooks(draw: Any) -> bytes:
    header = draw(st.lists(st.sampled_from(HEADERS), min_size=1, max_size=5))
    width = len(header)
    rows = draw(st.lists(st.lists(CELL, min_size=0, max_size=width), max_size=6))
    return hostile_workbook(
        header,
        rows,
        hidden_first=draw(st.booleans()),
        merge=draw(st.booleans()),
        whole_columns=draw(st.booleans()),
        far_corner=draw(st.booleans()),
        dimension=draw(
            st.sampled_from(
                [
                    '<dimension ref="A1:AMJ1048576"/>',
                    '<dimension ref="A1:XFD1048576"/>',
                    '<dimension ref="B3"/>',
                    "",
                ]
            )
        ),
    )


_WARM: set[str] = set()


def run_in_process(slug: str, data: bytes, tmp_path: Path, budget: float = CPU_BUDGET_S) -> None:
    """One run in this process, within the CPU budget (after a first run outside it: importing
    matplotlib or python-docx is not what is measured)."""
    if slug not in _WARM:
        _WARM.add(slug)
        plain = ["Elev", "Klass"], [["Åsa Öberg", "7B"]]
        run_in_process(slug, hostile_workbook(*plain, **PLAIN), tmp_path, budget=60)
    tool = load_tool(slug)
    source = tmp_path / "lista.xlsx"
    source.write_bytes(data)
    output = tmp_path / "output"
    output.mkdir(exist_ok=True)
    for stale in output.iterdir():
        stale.unlink()
    ctx = Context(
        inputs=dict(INPUTS.get(slug, {})),
        settings={},
        state={},
        action=None,
        output_dir=output,
        staged_files=(
            InputFile(id="1", field=FILE_FIELD[slug], name="lista.xlsx", path=source, bytes=1),
        ),
    )
    with cpu_budget(budget):
        try:
            tool.run(ctx)
        except UserError as error:
            assert error.message.strip()


@pytest.mark.parametrize("slug", SLUGS)
@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=workbooks())
def test_every_tool_answers_a_huge_declared_sheet_within_two_seconds(
    slug: str, data: bytes, tmp_path: Path
) -> None:
    run_in_process(slug, data, tmp_path)


def test_the_reader_sees_only_the_cells_the_file_holds() -> None:
    data = hostile_workbook(
        ["Elev", "Klass"],
        [["Åsa", "7B"], ["Örjan", "=SUM(B2:B9)"]],
        hidden_first=True,
        merge=True,
        whole_columns=True,
        far_corner=True,
        dimension='<dimension ref="A1:XFD1048576"/>',
    )
    with cpu_budget(CPU_BUDGET_S):
        table = read_table(data, "lista.xlsx")
    assert table.columns == ["Elev", "Klass"]  # the visible sheet, not the hidden one
    assert table.rows == [{"Elev": "Åsa", "Klass": "7B"}, {"Elev": "Örjan", "Klass": ""}]
    assert table.row_numbers == [2, 3]


def test_a_table_past_the_cap_is_a_swedish_user_error() -> None:
    width = 50
    text = "\n".join(";".join(f"v{r}-{c}" for c in range(width)) for r in range(MAX_CELLS // 49))
    with pytest.raises(UserError) as error:
        read_table(text.encode(), "stor.csv")
    assert "för stor" in error.value.message and "”stor.csv”" in error.value.message


def test_a_csv_line_of_a_million_separators_is_a_user_error() -> None:
    with pytest.raises(UserError) as error:
        read_table(b"Elev;Klass" + b";" * 1_000_000 + b"\n\xc3\x85sa;7B\n", "rad.csv")
    assert "för stor" in error.value.message


def test_a_sheet_of_formatted_empty_rows_stops_early() -> None:
    rows = b"".join(b'<row r="%d" s="0" customFormat="1"/>' % i for i in range(3, 300_000))
    data = hostile_workbook(
        ["Elev"],
        [["Åsa"]],
        hidden_first=False,
        merge=False,
        whole_columns=False,
        far_corner=False,
        dimension='<dimension ref="A1:A300000"/>',
    )
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in source.namelist():
            part = source.read(name)
            if name == "xl/worksheets/sheet1.xml":
                part = part.replace(b"</sheetData>", rows + b"</sheetData>")
            archive.writestr(name, part)
    with pytest.raises(UserError) as error:
        read_table(out.getvalue(), "tom.xlsx")
    assert "tomma" in error.value.message


@pytest.mark.parametrize("slug", SLUGS)
def test_every_tool_run_offline_answers_the_hostile_workbook(slug: str, tmp_path: Path) -> None:
    """The same file through the toolkit's offline runner (the runner image's harness)."""
    source = tmp_path / "lista.xlsx"
    source.write_bytes(
        hostile_workbook(
            ["Elev", "Klass", "Ämne", "Betyg", "E-post"],
            [["Åsa Öberg", "7B", "Svenska", "A", "asa@example.se"]],
            hidden_first=True,
            merge=True,
            whole_columns=True,
            far_corner=True,
            dimension='<dimension ref="A1:AMJ1048576"/>',
        )
    )
    result, _ = run_offline(
        BANK / slug,
        inputs=INPUTS.get(slug, {}),
        files=[(FILE_FIELD[slug], source)],
        work_dir=tmp_path / "work",
        deadline_s=10,
    )
    if result["status"] != "succeeded":
        assert result["error"]["code"] == "user_error", result["error"]
