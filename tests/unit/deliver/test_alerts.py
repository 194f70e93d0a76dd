"""#21: which stories a reader's watch terms match, by words and, when the reader asks, by
meaning in any language (the real encoder, on the team's own texts)."""

from __future__ import annotations

from digest.config import Recipient
from digest.deliver.alerts import matching
from digest.models import Article, StoredArticle
from digest.text.meaning import of_article

TEXTS = {
    "gas": ("Токаев обсудил с главой «Газпрома» поставки газа в северные области",
            "Президент Казахстана Касым-Жомарт Токаев обсудил с председателем правления"
            " «Газпрома» Алексеем Миллером поставки российского газа в северные и восточные"
            " области страны."),
    "metro": ("В Алматы открыли новую станцию метро «Сарыарка»",
              "В Алматы открыли для пассажиров станцию метро «Сарыарка», одиннадцатую в городе."),
    "rate": ("Нацбанк Казахстана сохранил базовую ставку на уровне 16,5%",
             "Национальный банк Казахстана сохранил базовую ставку на уровне 16,5% годовых."),
}  # fmt: skip
STORIES = {
    sid: [StoredArticle(i, Article(sid, "2026-02-05", t, b, "ru"), of_article(t, b))]
    for i, (sid, (t, b)) in enumerate(TEXTS.items(), 1)
}
TERMS = ("Russian gas supplies to Kazakhstan", "Kazakhstan central bank interest rate")


def test_by_meaning_an_english_term_finds_the_russian_story_it_means() -> None:
    found = matching([Recipient("a@example.org", TERMS, meaning=True)], STORIES)
    said = {sid: [h.said() for h in hits] for _, sid, hits in found}
    assert sorted(said) == ["gas", "rate"]  # not the metro
    assert said["gas"][0].startswith("«Russian gas supplies to Kazakhstan»: same meaning (0.")
    assert said["rate"][0].startswith("«Kazakhstan central bank interest rate»: same meaning")


def test_without_asking_only_words_and_names_match() -> None:
    assert matching([Recipient("a@example.org", TERMS)], STORIES) == []
    found = matching([Recipient("a@example.org", ("Miller",), meaning=True)], STORIES)
    assert [(sid, h.said()) for _, sid, hits in found for h in hits] == [
        ("gas", "«Miller»: Miller as «Миллером»")  # by its words first, not also by meaning
    ]
