"""Word-level helpers (`digest.text.words`)."""

from __future__ import annotations

import pytest

from digest.text import words
from digest.text.words import counts, stems


def test_stems_stay_whole_when_the_cache_is_cleared(monkeypatch: pytest.MonkeyPatch) -> None:
    # a long run fills the stem cache past its limit; the text that clears it must still get
    # the stems of its words that were remembered before
    monkeypatch.setattr(words, "_STEM_CACHE", {"ru": {}})
    monkeypatch.setattr(words, "_STEM_CACHE_LIMIT", 3)
    expected = stems("газопровод строительство", "ru")
    stems("аренда водопровод мощность перевозка", "ru")  # now over the limit
    assert stems("газопровод строительство трубопровод", "ru") == expected | stems(
        "трубопровод", "ru"
    )


def test_a_counted_word_is_stemmed_as_stems_stems_it() -> None:
    assert counts("пострадали 6 человек", "ru") == {("6", next(iter(stems("человек", "ru"))))}
