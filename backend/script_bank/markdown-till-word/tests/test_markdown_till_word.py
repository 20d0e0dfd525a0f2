"""Markdown till Word: Markdown structure becomes Word structure."""

from __future__ import annotations

from pathlib import Path

from bank_testing import load_tool, run_tool
from docx import Document

tool = load_tool("markdown-till-word")

TEXT = """# Rubrik ÅÄÖ

Ett stycke med **fet** och *kursiv* text och en [länk](https://skola.example.se).

- ett
  - ett och ett
- två

1. först
2. sedan

3. igen

| A | B |
|---|---|
| 1 | 2 |

<script>alert("x")</script>
"""


def test_headings_lists_tables_and_links_become_word_structure(tmp_path: Path) -> None:
    target = tmp_path / "a.docx"
    counts = tool.convert(TEXT, "Titel", target)
    document = Document(str(target))
    styled = [(p.style.name, p.text) for p in document.paragraphs if p.text.strip()]
    assert styled[0] == ("Heading 1", "Rubrik ÅÄÖ")
    assert ("List Bullet 2", "ett och ett") in styled
    assert ("List Paragraph", "1. först") in styled
    assert document.tables[0].cell(1, 1).text == "2"
    assert document.core_properties.title == "Titel"
    bold = [r.text for p in document.paragraphs for r in p.runs if r.bold]
    assert bold == ["fet"]
    assert "https://skola.example.se" in [r.target_ref for r in document.part.rels.values()]
    assert not any("alert" in p.text for p in document.paragraphs)
    assert counts["rubriker"] == 1 and counts["tabeller"] == 1


def test_two_space_nested_lists_are_widened_for_python_markdown() -> None:
    assert tool.widen_list_indents("- a\n  - b\n") == "- a\n    - b\n"
    assert tool.widen_list_indents("- a\n    - b\n") == "- a\n    - b\n"


def test_file_names_come_from_the_title_and_keep_swedish_letters() -> None:
    assert tool.file_name("Veckobrev v.12: Åk 4/5") == "Veckobrev v.12 Åk 45.docx"
    assert tool.file_name("///") == "dokument.docx"


def test_an_uploaded_file_wins_over_the_text_field(tmp_path: Path) -> None:
    source = tmp_path / "brev.md"
    source.write_bytes("\ufeff## Från filen\r\n".encode())
    step = run_tool("markdown-till-word", tmp_path, {"markdown": "# Från rutan"}, {"fil": [source]})
    assert step.status == "succeeded", step.error
    assert step.artifacts() == ["output/Från filen.docx".removeprefix("output/")]


def test_nothing_to_convert_is_a_user_error(tmp_path: Path) -> None:
    step = run_tool("markdown-till-word", tmp_path, {"markdown": ""})
    assert step.error["code"] == "user_error"
    assert "Markdown" in step.error["message"]
