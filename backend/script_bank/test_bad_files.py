"""Whatever file a teacher uploads, a bank tool ends with a result or a UserError, never a crash."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from bank_testing import SLUGS, load_tool, manifest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skriptoteket_toolkit import Context, InputFile, UserError

SWEDISH = st.text(alphabet="abcåäöÅÄÖ ABC0123456789-,.;:@\t\"'\n", max_size=40)
HEADERS = st.sampled_from(
    [
        "Elev",
        "Namn",
        "Klass",
        "Ämne",
        "Betyg",
        "E-post",
        "VH1 E-post",
        "Datum",
        "Status",
        "Minuter",
        "Schemalagd tid",
        "Frånvaro",
        "Dag",
        "Start",
        "Slut",
        "Tid",
        "Lärare",
        "Sal",
        "Grupp",
        "U1",
        "U2",
        "Max",
        "Förnamn",
        "Efternamn",
        "Kommentar",
        "",
    ]
)


@st.composite
def table_like(draw: Any) -> bytes:
    """CSV-ish text with plausible headers and messy cells, in a random encoding."""
    separator = draw(st.sampled_from([";", ",", "\t"]))
    header = draw(st.lists(HEADERS, min_size=1, max_size=6))
    rows = draw(st.lists(st.lists(SWEDISH, min_size=0, max_size=7), max_size=8))
    text = "\n".join(separator.join(r) for r in [header, *rows])
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]))
    return text.encode(encoding, errors="replace")


def broken_xlsx(data: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", data)
    return buffer.getvalue()


FILES = st.one_of(
    st.binary(max_size=300),
    table_like(),
    st.binary(max_size=100).map(lambda b: b"\x89PNG\r\n\x1a\n" + b),
    st.binary(max_size=100).map(broken_xlsx),
)
FILE_FIELD = {
    slug: next(f for f in manifest(slug)["inputs"] if f["kind"] == "file")["name"] for slug in SLUGS
}


@pytest.mark.parametrize("slug", SLUGS)
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=FILES)
def test_any_upload_ends_in_a_result_or_a_user_error(
    slug: str, data: bytes, tmp_path: Path
) -> None:
    tool = load_tool(slug)
    field = FILE_FIELD[slug]
    name = "fil.docx" if slug == "omdomen-per-elev" and data.startswith(b"PK") else "fil.csv"
    source = tmp_path / name
    source.write_bytes(data)
    output = tmp_path / "output"
    output.mkdir(exist_ok=True)
    inputs = {"malltext": "{Elev}"} if slug == "omdomen-per-elev" else {}
    ctx = Context(
        inputs=inputs,
        settings={},
        state={},
        action=None,
        output_dir=output,
        staged_files=(InputFile(id="1", field=field, name=name, path=source, bytes=len(data)),),
    )
    try:
        tool.run(ctx)
    except UserError as error:
        assert error.message.strip()


TEXT_FIELDS = [
    (slug, field["name"])
    for slug in SLUGS
    for field in manifest(slug)["inputs"]
    if field["kind"] in {"text", "string"}
]


@pytest.mark.parametrize(("slug", "name"), TEXT_FIELDS)
@pytest.mark.filterwarnings("ignore:Glyph .* missing from font:UserWarning")  # drawn as boxes
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=200))
def test_any_text_typed_into_a_form_ends_in_a_result_or_a_user_error(
    slug: str, name: str, text: str, tmp_path: Path
) -> None:
    tool = load_tool(slug)
    output = tmp_path / "output"
    output.mkdir(exist_ok=True)
    for stale in output.iterdir():
        stale.unlink()
    staged: tuple[InputFile, ...] = ()
    if slug == "omdomen-per-elev":  # its text is a template; it needs a table too
        table = tmp_path / "o.csv"
        table.write_text("Elev;Kommentar\nÅsa;Bra\n", encoding="utf-8")
        staged = (InputFile(id="1", field="omdomen", name="o.csv", path=table, bytes=1),)
    ctx = Context(
        inputs={name: text},
        settings={},
        state={},
        action=None,
        output_dir=output,
        staged_files=staged,
    )
    try:
        tool.run(ctx)
    except UserError as error:
        assert error.message.strip()
