"""Every reference to a file in code, docs and the README resolves inside the repository.

Two checks over every file git tracks or would track (generated files and lock files left out):
- a relative path with a file extension (`web/uploads.py`, `docs/operations.md`, a Markdown
  link) must name a file or folder of the repository, spelled from the referring file's folder
  or any folder above it (the root included), or from a package root (`backend/skriptoteket/`,
  `frontend/`, `runner-image/toolkit/`); a bare `*.md` name must exist the same way; a quoted
  section after a Markdown file (`docs/tool-contract.md "Limits"`) and a link's `#anchor` must
  be a heading of that file;
- nothing points outside the repository: absolute paths of a workstation (`/home/...`,
  `/work/...` other than the run container's own layout) or a sibling folder (`../shared`).
"""

from __future__ import annotations

import ast
import io
import re
import subprocess
import tokenize
from collections.abc import Iterator
from functools import cache
from pathlib import Path, PurePosixPath

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE_ROOTS = ("backend/skriptoteket", "frontend", "runner-image/toolkit")

# Generated, vendored or lock files: their text is not ours to word.
SKIPPED = re.compile(
    r"^(openapi/|frontend/src/api/schema(\.d)?\.ts$|uv\.lock$|.*package-lock\.json$)"
    r"|\.(png|jpg|jpeg|gif|ico|svg|woff2?|xlsx|docx|pdf)$"
)
# Paths that exist only at run time or after a build, and placeholders of examples.
NOT_IN_GIT = re.compile(
    r"^(\.data/|\.env|frontend/dist|dist/|test-results/|frontend/test-results/|node_modules/"
    r"|path/to/|hello/|\.venv/"
    r"|(output|input|tool)/)"  # relative to the run's /work (tests of tools describe them)
)
# The run container's layout is part of the tool contract (docs/tool-contract.md).
CONTAINER_PATHS = {"tool", "input", "output", "request.json", "result.json", "..."}

EXTENSIONS = "md|py|ts|vue|json|toml|ya?ml|sh|csv|txt|ini|cfg|mjs|js|html|css|lock|png|sql|mako"
RELATIVE_PATH = re.compile(
    rf"(?<![\w/.:@~$<>*{{-])((?:\.\.?/)*(?:[\w.-]+/)+[\w-][\w.-]*\.(?:{EXTENSIONS}))(?![\w/-])"
)
BARE_MARKDOWN = re.compile(r"(?<![\w/.:@-])([\w-]+\.md)(?![\w/-])")
SECTION = re.compile(r"([\w./-]+\.md)[`'\s]+\"([^\"]+)\"")
LINK = re.compile(r"\]\(([^)\s]+)\)")
SCRIPT_PIECES = re.compile(r"//[^\n]*|/\*[\s\S]*?\*/|<!--[\s\S]*?-->|[^/<]+|[/<]")
OUTSIDE = re.compile(
    r"(?<![\w.-])(/work/(?P<work>[\w.-]+)|/home/\w|/Users/\w|/mnt/\w|\.\./shared\b|\.\./\.\./\.\.)"
)


def repository_files() -> list[str]:
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    return [p for p in listed.split("\0") if p and not SKIPPED.search(p)]


def texts() -> Iterator[tuple[str, str]]:
    """(path, prose) for every file: a document whole; of code, only comments and docstrings
    (a path in a string literal is test data or a runtime value, not a reference)."""
    for path in repository_files():
        file = ROOT / path
        if not file.is_file() or file.resolve() == Path(__file__).resolve():
            continue
        try:
            text = file.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        if path.endswith(".py"):
            text = _python_prose(text)
        elif path.endswith((".ts", ".vue", ".js", ".mjs")):
            text = _script_prose(text)
        yield path, text


def _python_prose(source: str) -> str:
    """Comments and docstrings, each kept on its own line number (the rest blanked)."""
    lines = [""] * (source.count("\n") + 1)
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            lines[token.start[0] - 1] += token.string
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            if (
                isinstance(first, ast.Expr)
                and isinstance(first.value, ast.Constant)
                and isinstance(first.value.value, str)
            ):
                for n, line in enumerate(first.value.value.splitlines()):
                    lines[first.lineno - 1 + n] += " " + line
    return "\n".join(lines)


def _script_prose(source: str) -> str:
    """Comments of TypeScript, JavaScript and Vue files, at their line numbers."""
    return "".join(
        piece if piece.startswith(("//", "/*", "<!--")) else "\n" * piece.count("\n")
        for piece in SCRIPT_PIECES.findall(source)
    )


def resolve(referrer: str, target: str) -> Path | None:
    """The file `target` names: from the referrer's folder or any folder above it (the root
    included), from a package root, or from docs/."""
    folder = PurePosixPath(referrer).parent
    for base in (folder, *folder.parents, *PACKAGE_ROOTS, "docs"):
        candidate = ROOT / base / target
        if candidate.exists() and candidate.resolve().is_relative_to(ROOT):
            return candidate
    return None


def missing_references(path: str, text: str) -> Iterator[str]:
    seen: set[str] = set()
    for pattern in (RELATIVE_PATH, BARE_MARKDOWN):
        for match in pattern.finditer(text):
            target = match.group(1)
            if target in seen or NOT_IN_GIT.match(re.sub(r"^(\./)+", "", target)):
                continue
            seen.add(target)
            if resolve(path, target) is None:
                yield f"{path}:{_line(text, match.start())}: {target} does not exist"
    if path.endswith(".md"):
        for match in LINK.finditer(text):
            yield from _broken_link(path, text, match)
    for match in SECTION.finditer(text):
        file = resolve(path, match.group(1))
        section = " ".join(match.group(2).split())
        if file is not None and file.is_file() and not _has_heading(file, section):
            yield (
                f'{path}:{_line(text, match.start())}: {match.group(1)} has no section "{section}"'
            )


def _broken_link(path: str, text: str, match: re.Match[str]) -> Iterator[str]:
    href = match.group(1)
    if re.match(r"^[a-z]+:", href):  # https:, mailto: ...
        return
    where, _, anchor = href.partition("#")
    here = f"{path}:{_line(text, match.start())}"
    file = (ROOT / PurePosixPath(path).parent / where) if where else ROOT / path
    if not file.exists():
        yield f"{here}: link to {where}, which does not exist"
    elif anchor and file.suffix == ".md" and anchor not in _anchors(file):
        yield f"{here}: {where or path} has no heading for #{anchor}"


@cache
def _headings(file: Path) -> tuple[str, ...]:
    lines = file.read_text(encoding="utf-8").splitlines()
    found, fenced = [], False
    for line in lines:
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and re.match(r"^#{1,6} ", line):
            found.append(line.lstrip("#").strip())
    return tuple(found)


@cache
def _anchors(file: Path) -> frozenset[str]:
    """GitHub's heading anchors: lower case, punctuation dropped, spaces as -, repeats -1, -2."""
    anchors: set[str] = set()
    counts: dict[str, int] = {}
    for heading in _headings(file):
        slug = re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")
        n = counts.get(slug, 0)
        counts[slug] = n + 1
        anchors.add(slug if n == 0 else f"{slug}-{n}")
    return frozenset(anchors)


def _has_heading(file: Path, section: str) -> bool:
    return any(section.lower() in heading.lower() for heading in _headings(file))


def outside_references(path: str, text: str) -> Iterator[str]:
    for match in OUTSIDE.finditer(text):
        work = match.group("work")
        if work in CONTAINER_PATHS or (work and work.rstrip(".") in CONTAINER_PATHS):
            continue
        yield f"{path}:{_line(text, match.start())}: {match.group(0)} is outside the repository"


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def test_every_referenced_file_exists() -> None:
    problems = [problem for path, text in texts() for problem in missing_references(path, text)]
    assert not problems, "\n".join(problems)


def test_nothing_refers_outside_the_repository() -> None:
    problems = [problem for path, text in texts() for problem in outside_references(path, text)]
    assert not problems, "\n".join(problems)


def test_the_readme_links_every_page_of_docs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    linked = {href.partition("#")[0] for href in LINK.findall(readme)}
    pages = {f"docs/{page.name}" for page in (ROOT / "docs").glob("*.md")}
    missing = sorted(pages - linked)
    assert not missing, f"README.md does not link {', '.join(missing)} (its Documentation table)"


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("see backend/skriptoteket/web/uploads.py", False),
        ("see `web/uploads.py` and docs/tool-authoring.md", False),
        ("see docs/nowhere.md", True),
        ("described in `ARCHITECTURE.md` of the design", True),
        ('(docs/tool-contract.md "Turn protocol")', False),
        ('(docs/tool-contract.md "Turn\n    protocol")', False),
        ('(docs/tool-contract.md "Key shapes")', True),
        ("[the contract](docs/tool-contract.md#limits)", False),
        ("[the contract](docs/tool-contract.md#no-such-heading)", True),
        ("https://example.org/a/b.json and /api/v1/openapi.json", False),
    ],
)
def test_the_reference_check_finds_what_is_missing(text: str, found: bool) -> None:
    assert bool(list(missing_references("README.md", text))) is found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("docs: /work/shared/design/tool-contract.md", True),
        ("the harness writes /work/result.json and /work/output", False),
        ("from ../shared/design", True),
        ("/home/anna/notes.txt", True),
    ],
)
def test_the_outside_check_finds_absolute_paths(text: str, found: bool) -> None:
    assert bool(list(outside_references("x.py", text))) is found
