"""#21: figures that disagree within one story, on the team's own sentences."""

from __future__ import annotations

from digest.text.disagree import disagreements, figures_of

DAY = "2026-02-05"


def _told(*texts: str) -> list[tuple[str, list[tuple[str, str]]]]:
    outlets = ["КП", "Lada.kz", "Tengri"]
    found = disagreements([(outlets[i], DAY, t, "ru") for i, t in enumerate(texts)])
    return [(d.about, list(d.figures)) for d in found]


def test_one_fact_with_different_figures_is_shown_with_each_outlet() -> None:
    assert _told(
        "Инвестиции России в газопровод составят 30 млрд долларов, сообщил посол.",
        "Инвестиции России в газопровод составят 25 млрд долларов, заявил посол.",
        "Инвестиции России в газопровод составят 30 млрд долларов, рассказал посол.",
    ) == [("Инвестиции России газопровод", [
        ("КП", "30 млрд долларов"), ("Lada.kz", "25 млрд долларов"), ("Tengri", "30 млрд долларов"),
    ])]  # fmt: skip
    assert _told("В ДТП под Актобе погибли 4 человека.", "В ДТП под Актобе погибли 5 человек.") == [
        ("Актобе погибли", [("КП", "4 человека"), ("Lada.kz", "5 человек")])
    ]


def test_what_is_not_a_conflict() -> None:
    result = "Нацбанк повысил базовую ставку до 16,5% годовых."
    forecast = "Аналитики ожидали, что ставку повысят до 17%. " + result
    assert _told(result, forecast) == []  # an expectation is no fact of the event
    assert _told("Ущерб составил от 20 до 30 млн тенге.", "Ущерб составил 25 млн тенге.") == []
    assert _told("В 2019 году экспорт зерна составил 8 млн тонн.",
                 "В 2025 году экспорт зерна составил 11 млн тонн.") == []  # fmt: skip
    assert _told("Погибли более 140 человек.", "Погибли 143 человека.") == []  # a bound
    assert _told("Погибли 140 человек.", "Погибли 143 человека.") == []  # within 5 %


def test_two_facts_of_one_unit_are_not_compared() -> None:
    assert _told("Выручка компании составила 180 млрд рублей.",
                 "Чистая прибыль компании составила 25 млрд рублей.") == []  # fmt: skip
    # one outlet gives both numbers: the other's is one of them, not a conflict
    assert _told("Инвестиции составят 30 млрд долларов, из них инвестиции России 25 млрд долларов.",
                 "Инвестиции России составят 25 млрд долларов.") == []  # fmt: skip


def test_an_update_on_a_later_day_is_not_a_disagreement() -> None:
    found = disagreements([
        ("КП", "2026-02-05", "В ДТП погибли 4 человека.", "ru"),
        ("Lada.kz", "2026-02-06", "В ДТП погибли 5 человек.", "ru"),
    ])  # fmt: skip
    assert found == ()


def test_figures_keep_what_they_count() -> None:
    [f] = figures_of("Россия вложит в газопровод $30 млрд.", "ru")
    assert (f.value, f.what, f.of, f.shown) == (30.0, "млрд", "$", "$ 30 млрд")
