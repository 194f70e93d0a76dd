"""#21: watch terms match every word of a term in any form, names in either alphabet, and
nothing a stem would only resemble. Texts are the team's own."""

from __future__ import annotations

from digest.text.watch import matches, seen

TEXT = seen(
    "Президент Казахстана Касым-Жомарт Токаев обсудил с председателем правления «Газпрома»"
    " Алексеем Миллером поставки газа. Нацбанк сохранил базовую ставку на уровне 16,5%."
)


def _said(*terms: str) -> list[str]:
    return [h.said() for h in matches(terms, TEXT)]


def test_names_meet_across_alphabets_and_case_endings() -> None:
    assert _said("Tokayev Gazprom") == [
        "«Tokayev Gazprom»: Tokayev as «Токаев», Gazprom as «Газпрома»"
    ]
    assert _said("Miller") == ["«Miller»: Miller as «Миллером»"]
    assert _said("газпром") == ["«газпром»: газпром as «Газпрома»"]  # the stemmer cuts it short


def test_word_forms_meet_by_stem() -> None:
    assert _said("нацбанк ставки") == ["«нацбанк ставки»: нацбанк, ставки as «ставку»"]
    assert _said("поставка") == ["«поставка»: поставка as «поставки»"]


def test_every_word_of_a_term_must_be_there() -> None:
    assert _said("Tokayev Rosneft", "ставит", "Putin") == []
    assert _said("Tokayev Rosneft", "Miller") == ["«Miller»: Miller as «Миллером»"]
