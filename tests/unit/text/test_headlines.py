"""A headline without the site's name its site appends (`digest.text.headlines`)."""

from __future__ import annotations

import pytest

from digest.text.headlines import recurring_tails, site_names, without_site


@pytest.mark.parametrize(
    ("title", "outlet", "url", "expected"),
    [
        # a domain name
        ("Внезапно! Ольга Дроздова ушла из театра | StarHit.ru", "", "",
         "Внезапно! Ольга Дроздова ушла из театра"),
        # the outlet's name, transliterated, in the host
        ("Баринов допустил поражение «Химок» - Спорт-Экспресс", "", "https://www.sport-express.ru/a",
         "Баринов допустил поражение «Химок»"),
        # the outlet's name as configured, twice over, and the section before it stays
        ("Пашинян обратился к Путину - Новости – Мир – Коммерсантъ - Коммерсантъ",
         "Kommersant", "https://www.kommersant.ru/doc/1",
         "Пашинян обратился к Путину - Новости – Мир"),
        # a dash inside the headline is the headline's
        ("ЦСКА — «Краснодар»: все голы матча", "", "https://www.sport-express.ru/a",
         "ЦСКА — «Краснодар»: все голы матча"),
        ("Путин — о переговорах с Токаевым", "", "", "Путин — о переговорах с Токаевым"),
        # an attribution that is not the site stays
        ("Слуга народа обсуждает исключение нардепов - СМИ", "", "https://strana.ua/news/1",
         "Слуга народа обсуждает исключение нардепов - СМИ"),
        # what is left must still be a headline
        ("Погода - Lada.kz", "", "", "Погода - Lada.kz"),
    ],
)  # fmt: skip
def test_the_site_s_name_is_taken_off(title: str, outlet: str, url: str, expected: str) -> None:
    assert without_site(title, site_names(outlet, url)) == expected


def test_a_capitalised_tail_on_several_headlines_is_the_site_s() -> None:
    titles = [
        "Мукормикоз: черный грибок поражает переболевших - Би-би-си Русская служба",
        "Выборы в Шотландии: что дальше - Би-би-си Русская служба",
        "Почему в Индии не хватает кислорода - Би-би-си Русская служба",
        "Аким встретился с фермерами Мангистау - Новости",
    ]
    tails = recurring_tails(titles)
    assert tails == frozenset({"Би-би-си Русская служба"})
    assert without_site(titles[1], (), tails) == "Выборы в Шотландии: что дальше"
    assert without_site(titles[3], (), tails) == titles[3]  # once is not a pattern


def test_a_recurring_lower_case_tail_is_a_template_s_content() -> None:
    titles = [f"В {city} с 3 мая — налоговые каникулы для фермеров" for city in
              ("Тюмени", "Кургане", "Барнауле")]  # fmt: skip
    assert recurring_tails(titles) == frozenset()
