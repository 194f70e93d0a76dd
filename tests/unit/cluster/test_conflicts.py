"""A comment against the event it comments on (`conflicts.reaction`). The headlines are the
team's own, written for these tests in the shape of real ones."""

from __future__ import annotations

import pytest

from digest.cluster.conflicts import reaction
from digest.cluster.features import fingerprint
from digest.models import Article


def _headline(title: str) -> Article:
    return Article("s", "2026-04-21", title, "Текст.", "ru")


@pytest.mark.parametrize(
    ("first", "second", "who"),
    [
        # the event, and an involved person's comment on it
        ("Фракция «Народный курс» обсуждает исключение двух депутатов",
         "Абдрахманов заявил о нарушении устава при исключении из фракции", ("Абдрахманов",)),
        # one person's words, and another's comment on them
        ("Токаев считает, что реформа выборов завершится к осени",
         "Ашимбаев оценил слова Токаева о реформе выборов", ("Ашимбаев",)),
        # one statement retold: both name its speaker
        ("Абдрахманов заявил о нарушении устава при исключении из фракции",
         "Абдрахманов назвал своё исключение из фракции незаконным", ()),
        ("Абдрахманов заявил о нарушении устава", "Исключённый Абдрахманов пойдёт в суд", ()),
        # a statement whose speaker is not named: a quotation, or a source
        ("«Устав партии нарушен при исключении депутата» — что известно",
         "Абдрахманов заявил о нарушении устава при исключении из фракции", ()),
        ("Минобороны заявило об уничтожении склада", "Склад боеприпасов уничтожен под Курском",
         ()),
        # no statement at all
        ("Фракция обсуждает исключение депутатов", "Депутатов исключили из фракции", ()),
    ],
)  # fmt: skip
def test_a_named_persons_comment_is_not_the_event(
    first: str, second: str, who: tuple[str, ...]
) -> None:
    a, b = fingerprint(_headline(first)), fingerprint(_headline(second))
    assert reaction(a, b) == reaction(b, a) == who
