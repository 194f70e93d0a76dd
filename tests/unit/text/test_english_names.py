"""English names by rule (#19: English-only stories got no people, organisations or places).
The text is the team's own, written for this test."""

from __future__ import annotations

from digest.text.english_names import entities

TEXT = (
    "Kazakhstan's President Kassym-Jomart Tokayev met Russian President Vladimir Putin in Moscow"
    " on Tuesday. The leaders discussed the Ishim-Astana gas pipeline with Gazprom. Tokayev said"
    " the project would supply the northern regions. The National Bank of Kazakhstan raised its"
    " base rate to 18.5 percent, the bank's governor Timur Suleimenov told reporters in Astana."
    " A magnitude 4.7 earthquake was felt in Almaty, the Ministry of Emergency Situations said."
    " Apple unveiled a new iPhone on Monday. Breaking News: NATO was not mentioned."
)


def test_people_organisations_and_places_in_english() -> None:
    found = entities(TEXT)
    people = {n for k, n in found if k == "PER"}
    assert people == {"Kassym-Jomart Tokayev", "Vladimir Putin", "Timur Suleimenov"}
    assert {n for k, n in found if k == "ORG"} == {
        "Gazprom", "National Bank of Kazakhstan", "Ministry of Emergency Situations", "NATO",
    }  # fmt: skip
    assert {n for k, n in found if k == "LOC"} == {"Kazakhstan", "Moscow", "Astana", "Almaty"}
    # "Tokayev said" is the president named in full before, not another person
    assert found.count(("PER", "Kassym-Jomart Tokayev")) == 2


def test_a_capitalised_first_word_or_a_weekday_is_no_name() -> None:
    names = {n for _, n in entities(TEXT)}
    for word in ("Apple", "The", "Monday", "Breaking News", "Tuesday"):
        assert word not in names
