"""Markdown till Word: Markdown text or a .md file in, a DOCX with real Word styles out.

Markdown becomes HTML with the `markdown` package (tables, fenced code); that HTML is read into
a small tree and written with python-docx: headings as Word headings, lists as list paragraphs,
tables as Word tables, links as hyperlinks. Raw HTML in the text is read for its text only.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from skriptoteket_toolkit import UserError, file, markdown, notice, result
from skriptoteket_toolkit.tables import clean_text, read_text_file

VOID = {"br", "hr", "img", "input", "meta", "link", "col", "area", "base", "wbr", "source"}
SKIP = {"script", "style", "iframe", "object", "head", "title"}
BLOCKS = {
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "table",
    "pre",
    "blockquote",
    "hr",
    "div",
}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("root")
        self.stack = [self.root]
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIP:
            self.skipping += 1
            return
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIP:
            self.skipping = max(0, self.skipping - 1)
            return
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.stack[-1].children.append(data)


_LIST_ITEM = re.compile(r"^( +)([-*+]|\d+[.)])\s")


def widen_list_indents(text: str) -> str:
    """Nested lists indented by two spaces (as most editors write them) get the four spaces
    Python-Markdown needs to see the nesting."""
    lines = text.split("\n")
    if not any((m := _LIST_ITEM.match(line)) and len(m.group(1)) % 4 for line in lines):
        return text
    return "\n".join(
        " " * (2 * len(m.group(1))) + line.lstrip(" ") if (m := _LIST_ITEM.match(line)) else line
        for line in lines
    )


def markdown_tree(text: str) -> Node:
    import markdown

    text = widen_list_indents(text)
    html = markdown.markdown(
        text, extensions=["tables", "fenced_code", "sane_lists"], output_format="html"
    )
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


class DocxWriter:
    """Writes a Node tree into a python-docx Document, counting what it wrote."""

    def __init__(self) -> None:
        from docx import Document

        self.document = Document()
        self.counts: Counter[str] = Counter()

    # -- blocks ----------------------------------------------------------------------------
    def blocks(self, node: Node, quote: bool = False) -> None:
        loose: list[Node | str] = []
        for child in node.children:
            if isinstance(child, Node) and child.tag in BLOCKS:
                self._flush(loose, quote)
                self.block(child, quote)
            else:
                loose.append(child)
        self._flush(loose, quote)

    def _flush(self, loose: list[Node | str], quote: bool) -> None:
        if any(c.strip() if isinstance(c, str) else True for c in loose):
            paragraph = self.document.add_paragraph(style="Quote" if quote else None)
            self.inline(paragraph, Node("span", children=list(loose)))
        loose.clear()

    def block(self, node: Node, quote: bool = False) -> None:
        tag = node.tag
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            paragraph = self.document.add_heading(level=int(tag[1]))
            self.inline(paragraph, node)
            self.counts["rubriker"] += 1
        elif tag == "p":
            paragraph = self.document.add_paragraph(style="Quote" if quote else None)
            self.inline(paragraph, node)
        elif tag in {"ul", "ol"}:
            self.list(node, level=0)
            self.counts["listor"] += 1
        elif tag == "table":
            self.table(node)
            self.counts["tabeller"] += 1
        elif tag == "pre":
            self.code(node.text().rstrip("\n"))
        elif tag == "blockquote":
            self.blocks(node, quote=True)
        elif tag == "hr":
            self.rule()
        else:  # div and unknown containers
            self.blocks(node, quote)

    def list(self, node: Node, level: int) -> None:
        from docx.shared import Cm

        number = int(node.attrs.get("start", "1") or 1) if node.tag == "ol" else 0
        for item in (c for c in node.children if isinstance(c, Node) and c.tag == "li"):
            style = "List Bullet" if node.tag == "ul" else "List Paragraph"
            if node.tag == "ul" and level:
                style = f"List Bullet {min(level + 1, 3)}"
            paragraph = self.document.add_paragraph(style=style)
            if node.tag == "ol":
                # Numbers written out: Word's own numbering would run on across separate lists.
                paragraph.paragraph_format.left_indent = Cm(0.75 * (level + 1))
                paragraph.paragraph_format.first_line_indent = Cm(-0.6)
                paragraph.add_run(f"{number}. ")
                number += 1
            inline_children: list[Node | str] = []
            nested: list[Node] = []
            for child in item.children:
                if isinstance(child, Node) and child.tag in {"ul", "ol"}:
                    nested.append(child)
                elif isinstance(child, Node) and child.tag == "p":
                    if inline_children:
                        inline_children.append(" ")
                    inline_children.extend(child.children)
                else:
                    inline_children.append(child)
            self.inline(paragraph, Node("span", children=inline_children))
            for sub in nested:
                self.list(sub, level + 1)

    def table(self, node: Node) -> None:
        rows = _find_all(node, "tr")
        if not rows:
            return
        width = max(
            len([c for c in tr.children if isinstance(c, Node) and c.tag in {"td", "th"}])
            for tr in rows
        )
        table = self.document.add_table(rows=0, cols=max(width, 1))
        table.style = "Table Grid"
        for tr in rows:
            cells = table.add_row().cells
            for index, cell in enumerate(
                c for c in tr.children if isinstance(c, Node) and c.tag in {"td", "th"}
            ):
                paragraph = cells[index].paragraphs[0]
                self.inline(paragraph, cell, bold=cell.tag == "th")
                align = cell.attrs.get("style", "") or cell.attrs.get("align", "")
                if "center" in align:
                    paragraph.alignment = 1
                elif "right" in align:
                    paragraph.alignment = 2
        self.document.add_paragraph()

    def code(self, text: str) -> None:
        from docx.shared import Pt

        paragraph = self.document.add_paragraph()
        lines = text.split("\n")
        for index, line in enumerate(lines):
            run = paragraph.add_run(line)
            run.font.name = "Consolas"
            run.font.size = Pt(9.5)
            if index < len(lines) - 1:
                run.add_break()
        self.counts["kodblock"] += 1

    def rule(self) -> None:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        paragraph = self.document.add_paragraph()
        borders = OxmlElement("w:pBdr")
        bottom = OxmlElement("w:bottom")
        for key, value in (
            ("w:val", "single"),
            ("w:sz", "6"),
            ("w:space", "1"),
            ("w:color", "999999"),
        ):
            bottom.set(qn(key), value)
        borders.append(bottom)
        paragraph._p.get_or_add_pPr().append(borders)

    # -- inline ----------------------------------------------------------------------------
    def inline(
        self,
        paragraph: Any,
        node: Node,
        bold: bool = False,
        italic: bool = False,
        code: bool = False,
    ) -> None:
        for child in node.children:
            if isinstance(child, str):
                text = re.sub(r"\s+", " ", child) if not code else child
                if text:
                    run = paragraph.add_run(text)
                    run.bold, run.italic = bold or None, italic or None
                    if code:
                        run.font.name = "Consolas"
                continue
            tag = child.tag
            if tag == "br":
                paragraph.add_run().add_break()
            elif tag == "img":
                paragraph.add_run(
                    f"[bild: {child.attrs.get('alt') or child.attrs.get('src', '')}]"
                ).italic = True
            elif tag == "a" and child.attrs.get("href", "").startswith(
                ("http://", "https://", "mailto:")
            ):
                _hyperlink(paragraph, child.text(), child.attrs["href"])
            else:
                self.inline(
                    paragraph,
                    child,
                    bold=bold or tag in {"strong", "b", "th"},
                    italic=italic or tag in {"em", "i"},
                    code=code or tag == "code",
                )


def _find_all(node: Node, tag: str) -> list[Node]:
    found: list[Node] = []
    for child in node.children:
        if isinstance(child, Node):
            if child.tag == tag:
                found.append(child)
            else:
                found.extend(_find_all(child, tag))
    return found


def _hyperlink(paragraph: Any, text: str, url: str) -> None:
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rel_id = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel_id)
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), "Hyperlink")
    color = OxmlElement("w:color")
    color.set(qn("w:val"), "0563C1")
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    props.extend([style, color, underline])
    run.append(props)
    text_element = OxmlElement("w:t")
    text_element.text = text
    text_element.set(qn("xml:space"), "preserve")
    run.append(text_element)
    link.append(run)
    paragraph._p.append(link)


def convert(markdown_text: str, title: str, target: Path) -> Counter[str]:
    writer = DocxWriter()
    writer.document.core_properties.title = title
    writer.blocks(markdown_tree(markdown_text))
    writer.document.save(target)
    return writer.counts


def file_name(title: str) -> str:
    """A safe file name from the title, ÅÄÖ kept: "Veckobrev v.12" -> "Veckobrev v.12.docx"."""
    cleaned = re.sub(r"[^\w .,()-]+", "", title).strip(" .") or "dokument"
    return cleaned[:80] + ".docx"


def first_heading(text: str) -> str | None:
    match = re.search(r"^#{1,6}\s+(.+?)\s*#*\s*$", text, re.MULTILINE)
    return match.group(1).strip() if match else None


NOUNS = {
    "rubriker": ("rubrik", "rubriker"),
    "listor": ("lista", "listor"),
    "tabeller": ("tabell", "tabeller"),
    "kodblock": ("kodblock", "kodblock"),
}


def run(ctx: Any) -> dict[str, Any]:
    uploads = ctx.files("fil")
    text = clean_text(str(ctx.inputs.get("markdown") or ""))
    source_name = None
    if uploads:
        text = read_text_file(Path(uploads[0].path), uploads[0].name)
        source_name = Path(uploads[0].name).stem
    if not text.strip():
        raise UserError("Skriv Markdown-text i rutan eller ladda upp en .md-fil.")
    title = (
        clean_text(str(ctx.inputs.get("titel") or "")).strip()
        or first_heading(text)
        or source_name
        or "Dokument"
    )
    target = Path(ctx.output_dir) / file_name(title)
    counts = convert(text, title, target)
    described = (
        ", ".join(f"{n} {NOUNS[what][n != 1]}" for what, n in counts.items()) or "bara stycken"
    )
    return result(
        notice(f"Word-dokumentet är klart ({described}).", level="success"),
        file(target.name, label=f"{title} (Word)"),
        markdown(text[:60_000]),
    )
