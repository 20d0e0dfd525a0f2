"""Omdömen per elev: a rubric table and a template in, one Word document per pupil out (zipped).

The template is text or a .docx with {placeholders} named after the table's columns
({Elev}, {Kommentar}, …; case, spaces and ÅÄÖ-accents do not matter). Placeholders are checked
against the columns before anything is written, so a typo is one clear message.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path
from typing import Any

from skriptoteket_toolkit import UserError, file, notice, result, table
from skriptoteket_toolkit.tables import (
    Table,
    clean_text,
    normalize_header,
    read_table,
    read_text_file,
)

PLACEHOLDER = re.compile(r"\{([^{}\n]{1,80})\}")
MAX_PUPILS = 500


def placeholders(text: str) -> list[str]:
    return list(dict.fromkeys(m.strip() for m in PLACEHOLDER.findall(text)))


def check_placeholders(used: list[str], table: Table) -> None:
    missing = [p for p in used if table.column(p) is None and normalize_header(p) != "datum"]
    if missing:
        shown = ", ".join(f"{{{p}}}" for p in missing)
        raise UserError(
            f"Mallen använder {shown}, men det finns ingen sådan kolumn i {table.name}. Rätta "
            f"mallen eller rubriken i filen. Filen har kolumnerna: {table.describe_columns()}."
        )


def fill(text: str, row: dict[str, str], table: Table) -> str:
    def value(match: re.Match[str]) -> str:
        column = table.column(match.group(1).strip())
        if column is None:  # only {Datum} gets here (checked before)
            return dt.date.today().isoformat()
        return row[column]

    return PLACEHOLDER.sub(value, text)


def text_document(template: str, row: dict[str, str], table: Table, target: Path) -> None:
    """A plain text template: "# " lines become headings, blank lines separate paragraphs."""
    from docx import Document

    document = Document()
    for block in re.split(r"\n\s*\n", fill(template, row, table).strip()):
        lines = block.split("\n")
        heading = re.match(r"^(#{1,3})\s+(.*)$", lines[0])
        if heading:
            document.add_heading(heading.group(2), level=len(heading.group(1)))
            lines = lines[1:]
        if lines:
            document.add_paragraph("\n".join(lines))
    document.save(target)


def docx_text(data: bytes, name: str) -> str:
    """All text of a .docx template (to find its placeholders)."""
    return "\n".join(p.text for p in _paragraphs(_open_docx(data, name)))


def docx_document(data: bytes, name: str, row: dict[str, str], table: Table, target: Path) -> None:
    document = _open_docx(data, name)
    for paragraph in _paragraphs(document):
        if "{" not in paragraph.text:
            continue
        # Placeholders inside one run keep that run's formatting ...
        for run in paragraph.runs:
            if "{" in run.text:
                run.text = fill(run.text, row, table)
        # ... ones Word split over several runs are joined into the first run.
        if PLACEHOLDER.search(paragraph.text) and paragraph.runs:
            merged = fill(paragraph.text, row, table)
            paragraph.runs[0].text = merged
            for run in paragraph.runs[1:]:
                run.text = ""
    document.save(target)


def _open_docx(data: bytes, name: str) -> Any:
    import io

    from docx import Document

    try:
        return Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises several types for a broken package
        raise UserError(
            f"Mallen ”{name}” kunde inte öppnas som Word-dokument (.docx). Spara den som .docx i Word och försök igen."
        ) from error


def _paragraphs(document: Any) -> list[Any]:
    found: list[Any] = []

    def from_container(container: Any) -> None:
        found.extend(container.paragraphs)
        for word_table in getattr(container, "tables", []):
            for row in word_table.rows:
                for cell in row.cells:
                    from_container(cell)

    from_container(document)
    for section in document.sections:
        for part in (
            section.header,
            section.footer,
            section.first_page_header,
            section.first_page_footer,
        ):
            if part is not None and not part.is_linked_to_previous:
                from_container(part)
    return found


def file_names(rows: list[dict[str, str]], pattern: str, table: Table) -> list[str]:
    names: list[str] = []
    seen: dict[str, int] = {}
    for index, row in enumerate(rows, start=1):
        base = (
            re.sub(r"[^\w .,()-]+", "", fill(pattern, row, table)).strip(" .")[:100]
            or f"elev-{index}"
        )
        seen[base.casefold()] = seen.get(base.casefold(), 0) + 1
        count = seen[base.casefold()]
        names.append(f"{base} ({count}).docx" if count > 1 else f"{base}.docx")
    return names


def run(ctx: Any) -> dict[str, Any]:
    uploads = ctx.files("omdomen")
    if not uploads:
        raise UserError("Ladda upp omdömestabellen (CSV eller Excel) med en rad per elev.")
    sheet = read_table(Path(uploads[0].path), uploads[0].name, header_hints=("Elev", "Namn"))
    rows = [row for row in sheet.rows if any(v.strip() for v in row.values())]
    if not rows:
        raise UserError(f"{sheet.name.capitalize()} har rubriker men inga elever.")
    if len(rows) > MAX_PUPILS:
        raise UserError(
            f"{sheet.name.capitalize()} har {len(rows)} rader; verktyget gör högst {MAX_PUPILS} dokument åt gången."
        )

    templates = ctx.files("mall")
    template_text = clean_text(str(ctx.inputs.get("malltext") or ""))
    docx_bytes: bytes | None = None
    if templates:
        path, name = Path(templates[0].path), templates[0].name
        if name.lower().endswith(".docx"):
            docx_bytes = path.read_bytes()
            template_text = docx_text(docx_bytes, name)
        else:
            template_text = read_text_file(path, name)
    if not template_text.strip():
        raise UserError(
            "Skriv en mall i textrutan eller ladda upp en mall (.docx eller .txt) med {platshållare}, till exempel {Elev}."
        )
    used = placeholders(template_text)
    if not used:
        raise UserError(
            f"Mallen har inga platshållare. Skriv kolumnnamn inom klamrar, till exempel {{Elev}}. Filen har kolumnerna: {sheet.describe_columns()}."
        )
    check_placeholders(used, sheet)
    pattern = (
        str(ctx.inputs.get("filnamn") or "").strip()
        or "{" + (sheet.column("Elev", "Namn") or sheet.columns[0]) + "}"
    )
    check_placeholders(placeholders(pattern), sheet)

    names = file_names(rows, pattern, sheet)
    work = Path(ctx.output_dir) / "dokument"
    work.mkdir()
    archive = Path(ctx.output_dir) / "omdomen.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        for row, name in zip(rows, names, strict=True):
            target = work / name
            if docx_bytes is not None:
                docx_document(docx_bytes, "mall", row, sheet, target)
            else:
                text_document(template_text, row, sheet, target)
            bundle.write(target, arcname=name)
            target.unlink()
    work.rmdir()
    pupil = sheet.column("Elev", "Namn")
    return result(
        notice(
            f"{len(rows)} dokument skapade. Mallen använder {', '.join('{' + p + '}' for p in used)}.",
            level="success",
        ),
        file(archive.name, label=f"Omdömen, {len(rows)} Word-dokument (zip)"),
        table(
            [
                {"elev": row[pupil] if pupil else "", "fil": name}
                for row, name in zip(rows, names, strict=True)
            ],
            [
                {"key": "elev", "label": "Elev", "type": "text"},
                {"key": "fil", "label": "Fil", "type": "text"},
            ],
            title="Dokument",
        ),
    )
