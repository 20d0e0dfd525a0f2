"""The query is folded exactly as migration 0045 folds the indexed text."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from skriptoteket.infrastructure.db.catalog_search import FOLD_FROM, FOLD_TO, fold, search_terms
from skriptoteket.infrastructure.db.catalog_vocabulary import Vocabulary, near

MIGRATION = Path(__file__).resolve().parents[2] / "migrations/versions/0045_search_folding.py"


def test_the_query_folds_the_letters_the_index_folds() -> None:
    spec = importlib.util.spec_from_file_location("m0045", MIGRATION)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert (module.FOLD_FROM, module.FOLD_TO) == (FOLD_FROM, FOLD_TO)
    assert fold("Frånvaro, Omdöme, Café") == "franvaro, omdome, cafe"
    assert search_terms("NÄRVARO vårdnadshavare") == ["narvaro", "vardnadshavare"]


def test_only_words_of_five_letters_or_more_that_occur_nowhere_get_near_words() -> None:
    words = frozenset({"betygsstatistik", "betygen", "klasslistor", "klass"})
    vocab = Vocabulary((0, 0), words, " ".join(sorted(words)))
    assert near("bettyg", vocab) == ["betyg"]
    assert near("betygstatistik", vocab)[0] == "betygsstatistik"
    assert near("klas", vocab) == []  # too short to guess
    assert near("klass", vocab) == []  # occurs as typed
