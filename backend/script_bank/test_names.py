"""The toolkit's shared name cleaner (skriptoteket_toolkit.names): what Namnlista,
Gruppgenerator and Placeringskarta all do to a name."""

from __future__ import annotations

import pytest

from skriptoteket_toolkit.names import (
    ALIKE,
    HEADER_HINTS,
    SAME,
    clean_name,
    find_duplicates,
    names_in_table,
    names_in_text,
)
from skriptoteket_toolkit.tables import read_table


@pytest.mark.parametrize(
    ("raw", "first", "last"),
    [
        ("ÅSA ÖBERG", "Åsa", "Öberg"),
        ("  örjan   åkesson ", "Örjan", "Åkesson"),
        ("Öberg, Åsa", "Åsa", "Öberg"),
        ("Nguyen, Linh", "Linh", "Nguyen"),
        ("carl von linné", "Carl", "von Linné"),
        ("anna-karin ek", "Anna-Karin", "Ek"),
        ("Lisa McDonald", "Lisa", "McDonald"),
        ("anna maria svensson", "Anna Maria", "Svensson"),
        ("\u200bMohammed\u00a0Hassan", "Mohammed", "Hassan"),
        ("o'brien sean", "O'Brien", "Sean"),
    ],
)
def test_names_are_cleaned_and_split(raw: str, first: str, last: str) -> None:
    name = clean_name(1, raw)
    assert (name.first, name.last) == (first, last)


def test_casing_is_left_alone_when_asked() -> None:
    assert clean_name(1, "åsa öberg", fix_casing=False).full() == "åsa öberg"


def test_duplicates_are_found_across_order_and_accents() -> None:
    names = names_in_text("Åsa Öberg\nöberg, åsa\nZoë Ek\nZoe Ek\nAsa Oberg")
    groups = {kind: [m.row for m in members] for kind, members in find_duplicates(names)}
    assert groups == {SAME: [1, 2], ALIKE: [3, 4]}
    assert "dubblett" in names[0].remarks and "dubblett" not in names[4].remarks


@pytest.mark.parametrize(
    "csv",
    [
        "Namn\nNguyen, Linh\nLeo Berg\nAndersson, Sara\n",  # a header: the comma is no separator
        "Nguyen, Linh\nLeo Berg\nAndersson, Sara\n",  # no header: the first line is a pupil
        'Namn,Klass\n"Nguyen, Linh",7A\nLeo Berg,7A\n"Andersson, Sara",7B\n',  # a real comma CSV
        "Efternamn, Förnamn\nNguyen, Linh\nBerg, Leo\nAndersson, Sara\n",
    ],
)
def test_last_name_first_is_one_pupil_in_every_kind_of_list(csv: str) -> None:
    names = names_in_table(read_table(csv.encode(), "klass.csv", header_hints=("Namn",)))
    assert sorted(n.full() for n in names) == ["Leo Berg", "Linh Nguyen", "Sara Andersson"]


def test_a_table_keeps_its_other_columns_and_rows() -> None:
    text = "Klass 7A\nFörnamn;Efternamn;Klass\nlinh;NGUYEN;7A\n"
    table = read_table(text.encode(), "k.csv", header_hints=HEADER_HINTS)
    [name] = names_in_table(table)
    assert (name.first, name.last, name.row, name.other) == ("Linh", "Nguyen", 3, {"Klass": "7A"})
