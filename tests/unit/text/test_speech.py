"""Who a headline reports speaking (`digest.text.speech`). The headlines are the team's own,
written for these tests in the shape of real ones."""

from __future__ import annotations

import pytest

from digest.text.speech import person, speakers


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        # a named person's statement: the words before the verb
        ("Поляков заявил о нарушении закона при исключении из фракции", ("Поляков",)),
        ("Исключённый из «Народного курса» Абдрахманов заявил, что пойдёт в суд",
         ("Абдрахманов",)),
        ("Премьер Чехии Бабиш призвал страны ЕС выслать дипломатов", ("Бабиш",)),
        # a quotation first: the speaker after the verb
        ("«Решение незаконно», — заявил Абдрахманов", ("Абдрахманов",)),
        ("Corbyn slams Johnson's Brexit deal", ("Corbyn",)),
        # in a Russian headline a Latin-script name is a company's or a group's
        ("Хакеры Shadow Saiga заявили о взломе «Кварцсофта»", ()),
        # a speaker before a colon attributes the news itself, not a comment on it
        ("Токаев: закон о митингах вступит в силу в июле", None),
        # a statement late in a long headline is not what the headline reports
        ("Певица дала показания на суде по делу об убийстве музыканта в Питере. Она заявила, что",
         None),
        # a statement by a source, not a person: reported, but no one named
        ("Минобороны заявило об уничтожении склада", ()),
        ("ФСБ заявила о сорванной попытке угнать вертолёт", ()),
        # no statement: an event, or its facts told
        ("Фракция «Народный курс» обсуждает исключение двух депутатов", None),
        ("Учёные рассказали об опасности сахара для кишечника", None),
        ("Аким объяснил, почему исчезло граффити на Абая", None),
        ("White House: Trump having tests as part of medical checkup", None),
    ],
)  # fmt: skip
def test_who_a_headline_reports_speaking(title: str, expected: tuple[str, ...] | None) -> None:
    assert speakers(title) == expected


def test_a_person_is_a_name_shaped_or_parsed_so_not_an_acronym_or_an_institution() -> None:
    assert person("Поляков") and person("Горчакову") and person("Бабиш") and person("Katya")
    assert not person("ФСБ") and not person("Минобороны") and not person("поляков")
    assert not person("CoViD") and not person("iPhone")


def test_a_headline_that_opens_with_a_quotation_reports_a_statement_whoever_made_it() -> None:
    assert speakers("«Те, кто строил этот мост, будут награждены» — о чём говорил губернатор") == ()
    assert speakers("«Орешник» будут производить серийно") is None  # a name in quotes, no quotation
