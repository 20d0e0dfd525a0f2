"""Hypothesis strategies for the contract: arbitrary JSON values and valid field lists."""

from __future__ import annotations

from datetime import date
from typing import Any

import msgspec
from hypothesis import strategies as st

from skriptoteket.contract import (
    BooleanField,
    DateField,
    EnumField,
    Field,
    FileField,
    IntegerField,
    Issue,
    MultiEnumField,
    NumberField,
    Option,
    StringField,
    TextField,
    check_form,
)

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30)
    | st.sampled_from(["", "  ", "0", "1", "true", "nej", "3,5", "2026-02-29", "2026-11-27", "a"])
)

json_values: st.SearchStrategy[Any] = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=10), children, max_size=5)
    ),
    max_leaves=20,
)

names = st.from_regex(r"\A[a-z][a-z0-9_]{0,8}\Z")
labels = st.text(min_size=1, max_size=20).filter(lambda s: s.strip() != "")
small_ints = st.integers(min_value=-1000, max_value=1000) | st.none()
small_floats = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False) | st.none()
dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 1, 1)) | st.none()
option_lists = st.lists(
    st.builds(Option, value=st.sampled_from(["a", "b", "c", "1", "ja"]), label=labels),
    min_size=1,
    max_size=5,
    unique_by=lambda o: o.value,
)


def _field(name: str) -> st.SearchStrategy[Field]:
    common: dict[str, Any] = {"name": st.just(name), "label": labels, "required": st.booleans()}
    return st.one_of(
        st.builds(
            StringField,
            **common,
            max_length=st.integers(1, 20) | st.none(),
            default=st.text(max_size=5) | st.none(),
        ),
        st.builds(TextField, **common, max_length=st.integers(1, 50) | st.none()),
        st.builds(IntegerField, **common, min=small_ints, max=small_ints, default=small_ints),
        st.builds(
            NumberField,
            **common,
            min=small_floats,
            max=small_floats,
            step=st.none() | st.sampled_from([0.25, 0.5, 2.0]),
        ),
        st.builds(BooleanField, **common, default=st.booleans() | st.none()),
        option_lists.flatmap(
            lambda options: st.builds(
                EnumField,
                **common,
                options=st.just(options),
                default=st.sampled_from([o.value for o in options]) | st.none(),
            )
        ),
        option_lists.flatmap(
            lambda options: st.builds(
                MultiEnumField,
                **common,
                options=st.just(options),
                min_items=st.integers(0, len(options)) | st.none(),
                max_items=st.integers(0, 6) | st.none(),
            )
        ),
        st.builds(DateField, **common, min=dates, max=dates, default=dates),
        st.builds(
            FileField,
            **common,
            accept=st.lists(st.sampled_from([".csv", ".txt", ".xlsx"]), max_size=2),
            min_files=st.integers(0, 3) | st.none(),
            max_files=st.integers(0, 3) | st.none(),
            max_bytes=st.integers(1, 10_000) | st.none(),
        ),
    )


def _valid(fields: list[Field]) -> bool:
    issues: list[Issue] = []
    raw = [msgspec.to_builtins(f) for f in fields]
    check_form(raw, "$", issues)
    return not issues


field_lists: st.SearchStrategy[list[Field]] = (
    st.lists(names, max_size=8, unique=True)
    .flatmap(lambda ns: st.tuples(*(_field(n) for n in ns)).map(list))
    .filter(_valid)
)
