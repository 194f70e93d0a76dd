"""Search terms and entity names in their dictionary form (#15), on sentences written for
these tests."""

from __future__ import annotations

import pytest

from digest.render.search import fts_query, query_terms
from digest.text import names
from digest.text.words import terms


def test_every_case_of_a_surname_meets_its_nominative() -> None:
    indexed = {
        form: set(terms(f"Посол {form} рассказал", "ru"))
        for form in ("Абаев", "Абаева", "Абаеву", "Абаевым", "Абаеве")
    }
    for form in indexed:
        (wanted,) = query_terms(form)
        assert all(wanted & found for found in indexed.values()), form


def test_short_words_and_numbers_are_terms_and_queries_stay_fts_syntax_free() -> None:
    assert {"ес", "2026"} <= set(terms("ЕС в 2026 году", "ru"))
    groups = fts_query(query_terms('Абаеву" OR NEAR(x) -'))
    assert groups == [["абаев", "абаеву"], ["or"], ["near"], ["x"]]  # words only: no syntax


@pytest.mark.parametrize(
    ("sentence", "kind", "expected"),
    [
        ("Контракт подписали с «Газпромом» на десять лет.", "ORG", "Газпром"),
        ("Выставка открылась в Новой Третьяковской галерее в субботу.", "ORG",
         "Новая Третьяковская галерея"),
        ("Паводок ожидается в Алматинской области весной.", "LOC", "Алматинская область"),
        ("Премьеру показали в «Геликон-Опере» вчера вечером.", "ORG", "Геликон-Опера"),
        ("Глава Росатома Алексей Лихачёв заявил об этом.", "ORG", "Росатом"),
        ("Об этом рассказал послу Даурену Абаеву министр.", "PER", "Даурен Абаев"),
        ("Цветы принесли к памятнику Алии Молдагуловой.", "PER", "Алия Молдагулова"),
    ],
)  # fmt: skip
def test_entities_come_in_their_dictionary_form(sentence: str, kind: str, expected: str) -> None:
    assert (kind, expected) in names.entities(sentence)
