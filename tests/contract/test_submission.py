"""The one validator of inputs, settings and action input."""

from __future__ import annotations

import math
from datetime import date
from typing import Any, NamedTuple

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skriptoteket.contract import (
    BooleanField,
    DateField,
    EnumField,
    Field,
    FileField,
    IntegerField,
    MultiEnumField,
    NumberField,
    Option,
    StringField,
    SubmissionError,
    TextField,
    configure_limits,
)
from skriptoteket.contract.errors import Issue
from skriptoteket.contract.manifest import check_form
from skriptoteket.contract.submission import MAX_SAFE_INTEGER, validate_submission
from skriptoteket.domain.messages import translate

from .strategies import field_lists, json_values


class File(NamedTuple):
    """An uploaded file as the validator reads it."""

    name: str
    bytes: int


OPTIONS = [Option(value="a", label="A"), Option(value="b", label="B"), Option(value="c", label="C")]
FORM: list[Field] = [
    StringField(name="namn", label="Namn", required=True, max_length=10),
    TextField(name="text", label="Text"),
    IntegerField(name="antal", label="Antal", min=1, max=30, default=5),
    NumberField(name="vikt", label="Vikt", min=0, max=10),
    BooleanField(name="blanda", label="Blanda"),
    EnumField(name="niva", label="Nivå", options=OPTIONS),
    MultiEnumField(name="val", label="Val", options=OPTIONS, max_items=2),
    DateField(name="datum", label="Datum", min=date(2026, 1, 1)),
    FileField(name="roster", label="Klasslista", accept=[".csv"], max_files=1, max_bytes=100),
]


def errors(values: object, **kwargs: Any) -> dict[str, str]:
    with pytest.raises(SubmissionError) as caught:
        validate_submission(FORM, values, **kwargs)
    return {issue.path: issue.code for issue in caught.value.issues}


def whole(x: float) -> bool:
    return abs(x - round(x)) < 1e-6


def test_values_are_trimmed_coerced_and_defaulted() -> None:
    values = validate_submission(
        FORM,
        {
            "namn": "  Anna ",
            "text": " rad 1\r\nrad 2 ",
            "vikt": "3,5",
            "blanda": "ja",
            "niva": " b ",
            "val": ["a", "a", "c", ""],
            "datum": "2026-11-27",
        },
        {"roster": [File("7A.csv", 50)]},
    )
    assert values == {
        "namn": "Anna",
        "text": "rad 1\nrad 2",
        "antal": 5,
        "vikt": 3.5,
        "blanda": True,
        "niva": "b",
        "val": ["a", "c"],
        "datum": "2026-11-27",
    }


def test_empty_strings_are_absent_and_absent_booleans_are_false() -> None:
    values = validate_submission(FORM, {"namn": "x", "text": "   ", "niva": "", "vikt": None})
    assert values == {"namn": "x", "antal": 5, "blanda": False}


def test_numbers_arrive_as_strings_from_forms() -> None:
    values = validate_submission(FORM, {"namn": "x", "antal": " 12 ", "vikt": "1e1"})
    assert values["antal"] == 12
    assert values["vikt"] == 10.0
    assert validate_submission(FORM, {"namn": "x", "antal": 7.0})["antal"] == 7


@pytest.mark.parametrize(
    ("values", "field", "code"),
    [
        ({}, "namn", "required"),
        ({"namn": "x" * 11}, "namn", "too_long"),
        ({"namn": "two\nlines"}, "namn", "invalid"),
        ({"namn": "nul\x00"}, "namn", "invalid"),
        ({"namn": "lone \ud800"}, "namn", "invalid"),
        ({"namn": 5}, "namn", "invalid_type"),
        ({"namn": "x", "antal": 0}, "antal", "out_of_range"),
        ({"namn": "x", "antal": "3.5"}, "antal", "invalid_type"),
        ({"namn": "x", "antal": True}, "antal", "invalid_type"),
        ({"namn": "x", "antal": MAX_SAFE_INTEGER + 1}, "antal", "out_of_range"),
        ({"namn": "x", "vikt": "NaN"}, "vikt", "invalid_type"),
        ({"namn": "x", "vikt": math.inf}, "vikt", "out_of_range"),
        ({"namn": "x", "vikt": 11}, "vikt", "out_of_range"),
        ({"namn": "x", "blanda": "kanske"}, "blanda", "invalid_type"),
        ({"namn": "x", "niva": "d"}, "niva", "invalid_choice"),
        ({"namn": "x", "val": ["a", "b", "c"]}, "val", "too_long"),
        ({"namn": "x", "val": {"a": 1}}, "val", "invalid_type"),
        ({"namn": "x", "datum": "2025-12-31"}, "datum", "out_of_range"),
        ({"namn": "x", "datum": "2026-02-30"}, "datum", "invalid"),
        ({"namn": "x", "datum": "27/11/2026"}, "datum", "invalid_type"),
        ({"namn": "x", "roster": "7A.csv"}, "roster", "invalid_type"),
        ({"namn": "x", "okand": 1}, "okand", "unknown_field"),
    ],
)
def test_each_problem_is_reported_for_its_field(values: object, field: str, code: str) -> None:
    assert errors(values)[field] == code


def test_every_problem_is_reported_at_once() -> None:
    assert errors({"antal": 99, "niva": "z", "x": 1}) == {
        "namn": "required",
        "antal": "out_of_range",
        "niva": "invalid_choice",
        "x": "unknown_field",
    }


def test_files_are_checked_by_count_size_and_extension() -> None:
    ok = {"namn": "x"}
    assert errors(ok, files={"roster": [File("a.csv", 1), File("b.csv", 1)]}) == {
        "roster": "too_long"
    }
    assert errors(ok, files={"roster": [File("a.csv", 101)]}) == {"roster": "too_large"}
    assert errors(ok, files={"roster": [File("a.xlsx", 1)]}) == {"roster": "invalid_type"}
    assert errors(ok, files={"other": [File("a.csv", 1)]}) == {"other": "unknown_field"}
    assert validate_submission(FORM, ok, {"roster": [File("A.CSV", 1)]}) == {
        "namn": "x",
        "antal": 5,
        "blanda": False,
    }


def test_a_required_file_field_needs_an_upload() -> None:
    form: list[Field] = [FileField(name="f", label="F", required=True)]
    with pytest.raises(SubmissionError) as caught:
        validate_submission(form, {})
    assert caught.value.issues[0].code == "required"


def test_the_upload_limits_of_a_run_apply_to_all_fields_together() -> None:
    form: list[Field] = [FileField(name="f", label="F")]
    limits = configure_limits({"upload_files": 2, "upload_total_bytes": 10})
    files = {"f": [File(f"{i}.txt", 4) for i in range(3)]}
    with pytest.raises(SubmissionError) as caught:
        validate_submission(form, {}, files, limits=limits)
    assert {issue.code for issue in caught.value.issues} == {"too_many", "too_large"}


def test_a_non_object_submission_is_one_error() -> None:
    assert errors([1, 2]) == {"$": "invalid_type"}


def satisfies(field: Field, value: object) -> bool:
    """An independent statement of what an accepted value is."""
    match field:
        case StringField() | TextField():
            limit = field.max_length or 10_000
            return (
                isinstance(value, str)
                and value == value.strip() != ""
                and len(value) <= limit
                and "\x00" not in value
                and (isinstance(field, TextField) or "\n" not in value)
            )
        case IntegerField():
            return (
                type(value) is int
                and abs(value) <= MAX_SAFE_INTEGER
                and (field.min is None or value >= field.min)
                and (field.max is None or value <= field.max)
            )
        case NumberField():
            return (
                type(value) is float
                and math.isfinite(value)
                and (field.min is None or value >= field.min)
                and (field.max is None or value <= field.max)
                and (field.step is None or whole((value - (field.min or 0)) / field.step))
            )
        case BooleanField():
            return type(value) is bool
        case EnumField():
            return value in [o.value for o in field.options]
        case MultiEnumField():
            allowed = [o.value for o in field.options]
            return (
                isinstance(value, list)
                and 0 < len(value) == len(set(value))
                and all(v in allowed for v in value)
                and (field.min_items is None or len(value) >= field.min_items)
                and (field.max_items is None or len(value) <= field.max_items)
            )
        case DateField():
            if not isinstance(value, str):
                return False
            day = date.fromisoformat(value)
            return (field.min is None or day >= field.min) and (
                field.max is None or day <= field.max
            )
    return False


def plausible(field: Field) -> st.SearchStrategy[Any]:
    """Values a form might send for `field`, valid or nearly so."""
    match field:
        case StringField() | TextField():
            return st.text(max_size=25)
        case IntegerField():
            return st.integers(-1500, 1500) | st.integers(-1500, 1500).map(str)
        case NumberField():
            return st.floats(-1e7, 1e7) | st.floats(-1e6, 1e6).map(str)
        case BooleanField():
            return st.booleans() | st.sampled_from(["ja", "nej", "on", 1])
        case EnumField():
            return st.sampled_from([o.value for o in field.options] + ["zz"])
        case MultiEnumField():
            return st.lists(st.sampled_from([o.value for o in field.options]), max_size=6)
        case DateField():
            return st.dates().map(date.isoformat)
    return st.none()


def values_for(fields: list[Field]) -> st.SearchStrategy[dict[str, Any]]:
    keys = st.sampled_from([f.name for f in fields] + ["unknown"]) if fields else st.just("x")
    return st.dictionaries(keys, json_values, max_size=10) | st.fixed_dictionaries(
        {}, optional={f.name: plausible(f) | json_values for f in fields}
    )


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.data(), field_lists)
def test_any_json_either_fails_validation_or_satisfies_every_field(
    data: st.DataObject, fields: list[Field]
) -> None:
    values = data.draw(values_for(fields) | json_values)
    try:
        accepted = validate_submission(fields, values)
    except SubmissionError as error:
        assert error.issues
        return
    by_name = {f.name: f for f in fields}
    assert set(accepted) <= set(by_name)
    for field in fields:
        if field.name in accepted:
            assert satisfies(field, accepted[field.name]), (field, accepted[field.name])
        elif field.required:
            assert isinstance(field, FileField)
    assert validate_submission(fields, accepted) == accepted  # normalized values are a fixpoint


@pytest.mark.parametrize(
    ("name", "head", "accepted"),
    [
        ("7A.csv", b"Namn;Klass\nAnna;7A\n", True),
        ("7A.csv", "Namn\nÅsa\n".encode("cp1252"), True),
        ("7A.csv", b"PK\x03\x04rest of a zip", False),
        ("7A.csv", b"MZ\x90\x00 an exe", False),
        # UTF-16, as Excel's "Unicode text" writes it (with a mark) and without one; cut mid-way
        ("7A.CSV", "\ufeffNamn\tKlass\nÅsa\t7A\n".encode("utf-16-le"), True),
        ("7A.csv", "Namn;Klass\nÅsa;7A\n".encode("utf-16-be"), True),
        ("7A.csv", "Namn;Klass\n".encode("utf-16-le"), True),
        ("7A.csv", "\ufeffNamn 😀".encode("utf-16-le")[:-1], True),
        ("7A.csv", b"\xff\xfe\x00\x00\x00\x00", False),  # NUL characters are not text
        ("7A.csv", b"Na\x00mn;\x00\x01\x02", False),
        ("bild.png", b"\x89PNG\r\n\x1a\n....", True),
        ("bild.png", b"<script>", False),
        ("lista.xlsx", b"PK\x03\x04....", True),
        ("lista.xlsx", b"Namn;Klass", False),
        ("rit.svg", b'<?xml version="1.0"?><svg xmlns="...">', True),
    ],
)
def test_file_content_is_sniffed_against_the_accepted_extension(
    name: str, head: bytes, accepted: bool
) -> None:
    form: list[Field] = [FileField(name="f", label="F", accept=[".csv", ".png", ".xlsx", ".svg"])]
    files = {"f": [File(name, len(head))]}
    if accepted:
        assert validate_submission(form, {}, files, heads={name: head}) == {}
    else:
        with pytest.raises(SubmissionError) as caught:
            validate_submission(form, {}, files, heads={name: head})
        assert caught.value.issues[0].code == "invalid_content"
        if name.lower().endswith(".csv"):
            assert "Save the file as CSV UTF-8 and try again." in caught.value.issues[0].message


def test_a_number_with_a_step_takes_whole_steps_from_its_minimum() -> None:
    """Halves from 1 (a grade scale, say): 1.5 and 3 are fine, 2.25 is refused in words."""
    halves: list[Field] = [NumberField(name="betyg", label="Betyg", min=1, max=5, step=0.5)]
    assert validate_submission(halves, {"betyg": "1,5"}) == {"betyg": 1.5}
    assert validate_submission(halves, {"betyg": 3}) == {"betyg": 3.0}
    with pytest.raises(SubmissionError) as caught:
        validate_submission(halves, {"betyg": 2.25})
    [issue] = caught.value.issues
    assert (issue.code, issue.message) == ("out_of_range", "In steps of 0.5, counted from 1.")
    assert translate(issue.message, "sv") == "I steg om 0.5, räknat från 1."


def test_a_default_off_its_step_is_a_manifest_problem() -> None:
    issues: list[Issue] = []
    raw = {"kind": "number", "name": "x", "label": "X", "min": 0, "step": 0.5, "default": 0.3}
    check_form([raw, {**raw, "name": "y", "default": 1.5}], "$.inputs", issues)
    assert [(i.path, i.code) for i in issues] == [("$.inputs[0].default", "out_of_range")]
