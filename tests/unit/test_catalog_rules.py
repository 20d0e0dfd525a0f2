"""The catalog's pure rules: version states, slugs, source checks, content hashes."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from skriptoteket.domain.catalog import (
    RESERVED_SLUGS,
    TRANSITIONS,
    VersionAction,
    VersionState,
    content_hash,
    next_state,
    slug_errors,
)
from skriptoteket.domain.errors import Conflict, InvalidInput, PayloadTooLarge
from skriptoteket.domain.tool_sources import MAX_SOURCE_BYTES, check_sources

states = st.sampled_from(list(VersionState))
actions = st.sampled_from(list(VersionAction))


@given(states, actions)
def test_every_move_is_in_the_table_or_refused_as_invalid_state(
    state: VersionState, action: VersionAction
) -> None:
    if (state, action) in TRANSITIONS:
        assert next_state(state, action) == TRANSITIONS[(state, action)]
    else:
        with pytest.raises(Conflict) as refused:
            next_state(state, action)
        assert refused.value.code == "invalid_state"


@given(st.lists(actions, max_size=30))
def test_a_version_is_published_only_after_review_and_never_returns_from_archive(
    moves: list[VersionAction],
) -> None:
    state = VersionState.DRAFT
    seen = [state]
    for action in moves:
        try:
            state = next_state(state, action)
        except Conflict:
            continue
        seen.append(state)
    for before, after in itertools.pairwise(seen):
        if after is VersionState.PUBLISHED:
            assert before is VersionState.IN_REVIEW
        assert before is not VersionState.ARCHIVED
        assert before is not VersionState.CHANGES_REQUESTED
    # Each state is entered at most once: a version moves forward only.
    assert len(seen) == len(set(seen))


def test_archived_and_changes_requested_are_final_for_a_version() -> None:
    for state in (VersionState.ARCHIVED, VersionState.CHANGES_REQUESTED):
        assert not [a for (s, a) in TRANSITIONS if s is state]


@pytest.mark.parametrize("slug", ["klasslista", "betyg-2", "a", "x1", "narvaro-per-vecka"])
def test_good_slugs_pass(slug: str) -> None:
    assert slug_errors(slug) == []


@pytest.mark.parametrize(
    "slug", ["", "-a", "a-", "A", "ä", "a--b", "a b", "a/b", "../x", "x" * 65, "a_b"]
)
def test_malformed_slugs_are_refused(slug: str) -> None:
    assert [e.code for e in slug_errors(slug)] == ["invalid_slug"]


def test_reserved_slugs_are_refused() -> None:
    for slug in RESERVED_SLUGS:
        assert [e.code for e in slug_errors(slug)] == ["reserved_slug"]


def test_content_hash_is_stable_under_key_order_and_changes_with_content() -> None:
    a = content_hash({"b": 1, "a": 2}, {"main.py": "x", "b.py": "y"})
    b = content_hash({"a": 2, "b": 1}, {"b.py": "y", "main.py": "x"})
    assert a == b
    assert a != content_hash({"a": 2, "b": 1}, {"main.py": "x!", "b.py": "y"})


def field_errors(files: dict[str, str]) -> list[tuple[str, str]]:
    with pytest.raises(InvalidInput) as refused:
        check_sources(files)
    return [(e.field, e.code) for e in refused.value.errors]


def test_a_syntax_error_names_file_line_and_column() -> None:
    with pytest.raises(InvalidInput) as refused:
        check_sources({"main.py": "def run(ctx):\n    return (1,\n", "lib/ok.py": "x = 1\n"})
    [error] = refused.value.errors
    assert error.field == '$.files["main.py"]'
    assert error.code == "syntax_error"
    assert error.line == 2
    assert error.column is not None and error.column >= 1
    assert "main.py, line 2" in error.message


def test_sources_are_compiled_not_executed() -> None:
    check_sources({"main.py": "raise SystemExit('executed!')\nimport os\nos._exit(3)\n"})


@pytest.mark.parametrize(
    ("path", "code"),
    [
        ("../main.py", "invalid_path"),
        ("/etc/passwd.py", "invalid_path"),
        ("a/./b.py", "invalid_path"),
        (".hidden.py", "invalid_path"),
        ("a\\b.py", "invalid_path"),
        ("a/b/c/d/e.py", "invalid_path"),
        ("run.sh", "file_type_not_allowed"),
        ("main", "file_type_not_allowed"),
    ],
)
def test_unsafe_or_unknown_file_names_are_refused(path: str, code: str) -> None:
    assert (f'$.files["{path}"]'.replace("\\", "\\\\"), code) in field_errors({path: "x = 1\n"})


def test_allowed_file_types_pass() -> None:
    check_sources(
        {
            "main.py": "x = 1\n",
            "README.md": "# Hej",
            "data/kolumner.csv": "a;b\n",
            "conf.toml": "a = 1\n",
            "texts/sv.json": "{}",
            "notes.txt": "hej",
        }
    )


def test_lone_surrogates_and_nul_bytes_are_not_text() -> None:
    assert field_errors({"main.py": "x = '\ud800'\n"}) == [('$.files["main.py"]', "not_utf8")]
    assert field_errors({"data.txt": "a\x00b"}) == [('$.files["data.txt"]', "binary_content")]


def test_sources_over_512_kib_together_are_too_large() -> None:
    half = "#" * (MAX_SOURCE_BYTES // 2) + "\n"
    with pytest.raises(PayloadTooLarge):
        check_sources({"a.py": half, "b.py": half})


@given(st.text(max_size=300))
def test_any_text_as_python_is_either_accepted_or_a_field_error(source: str) -> None:
    try:
        check_sources({"main.py": source})
    except InvalidInput as refused:
        assert {e.code for e in refused.errors} <= {"syntax_error", "not_utf8", "binary_content"}
