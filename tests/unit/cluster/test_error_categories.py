"""Issue #10's three error categories, each on the team's own articles
(tests/data/cluster/categories/*.txt, seed format; written by the team for these tests), plus
the guard against chaining.

1. Serial and templated articles: one outlet's forecast for two days, one press release for two
   regions: mostly the same words, but different dates, places or figures, so not one story.
2. One event retold in other words: two outlets share few common words but the rare ones (a
   small company, a hacker group, a figure), so one story.
3. Same actors, different event: a faction discussing expelling two MPs vs one of them, expelled,
   contesting it days later (the second headline reports his comment: `conflicts.reaction`).
"""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from pathlib import Path

from digest.cluster.features import fingerprint, with_vector
from digest.cluster.rarity import Rarity
from digest.cluster.similarity import Match, compare
from digest.cluster.stories import assign
from digest.collect.seeds import read_seed
from digest.config import ClusterConfig
from digest.models import Article, StoredArticle
from digest.text.basics import content_hash
from digest.text.meaning import of_article

CATEGORIES = Path(__file__).resolve().parents[2] / "data" / "cluster" / "categories"


def _article(name: str) -> Article:
    return read_seed(CATEGORIES / f"{name}.txt")


def _match(a: Article, b: Article) -> Match:
    """As the clusterer compares them, each with its meaning vector as collection makes it."""
    fa = with_vector(fingerprint(a), of_article(a.title, a.body))
    fb = with_vector(fingerprint(b), of_article(b.title, b.body))
    rarity = Rarity()
    rarity.add(fa.language, fa.stems)
    rarity.add(fb.language, fb.stems)
    return compare(fa, fb, ClusterConfig(), rarity)


def _same_story(*articles: Article) -> bool:
    stored = [StoredArticle(i + 1, a, of_article(a.title, a.body)) for i, a in enumerate(articles)]
    return len({m.story_id for m in assign(stored, [], ClusterConfig())}) == 1


def test_a_forecast_for_another_day_is_another_story() -> None:
    first, second = _article("forecast_nov08"), _article("forecast_nov16")
    match = _match(first, second)
    assert match.containment > 0.6  # the template: most words shared
    assert match.score < ClusterConfig().min_score
    assert "same template, different dates: 8 ноября / 16 ноября" in match.against
    assert not _same_story(first, second)


def test_one_press_release_for_two_regions_is_two_stories() -> None:
    first, second = _article("release_omsk"), _article("release_tomsk")
    match = _match(first, second)
    assert match.containment > 0.6
    assert match.score < ClusterConfig().min_score
    # other place, other figures, in the words the articles use
    assert "same template, different subjects: Омской / Томской" in match.against
    # inside one template, the other subject weighs more (subject_conflict x headline overlap)
    assert match.evidence["template_subjects"] == match.evidence["title"] > 0.5
    assert "same template, different figures: 27 школ, 640 млн / 14 школ, 385 млн" in match.against
    assert not _same_story(first, second)


def test_a_retelling_that_shares_only_rare_names_is_one_story() -> None:
    first, second = _article("hack_outlet_a"), _article("hack_outlet_b")
    match = _match(first, second)
    assert match.containment < 0.5  # few words in common
    assert match.evidence["rare"] > 0  # but the rare ones
    assert match.score >= ClusterConfig().min_score
    assert _same_story(first, second)


def test_same_actors_in_another_event_is_another_story() -> None:
    first, second = _article("faction_discusses"), _article("faction_expelled_reacts")
    match = _match(first, second)
    assert match.evidence["names"] == 1.0  # one cast: every name of one is in the other
    # the second headline reports the expelled MP's comment, which the first does not name
    assert match.evidence["reaction"] == 1.0
    assert "a comment by Абдрахманов, which the other does not report" in match.against
    assert match.score < ClusterConfig().min_score
    assert not _same_story(first, second)


def test_a_comment_does_not_count_against_its_retelling() -> None:
    # The same MP's comment, reported by another outlet whose headline names him too
    first = _article("faction_expelled_reacts")
    second = dataclasses.replace(
        first, title="Абдрахманов назвал своё исключение из «Народного курса» незаконным"
    )
    assert _match(first, second).evidence["reaction"] == 0.0


def _forecast(day: date, low: int) -> Article:
    when = f"{day.day} ноября"
    body = (
        f"{when.capitalize()} в Омской области ожидается облачная погода. Ночью столбик"
        f" термометра опустится до -{low} градусов, днём воздух прогреется до -{low - 5}."
        " Ветер северо-западный, 5–10 метров в секунду. Синоптики советуют одеваться теплее."
    )
    return Article(
        source=f"forecast-{day.isoformat()}",
        published=day.isoformat(),
        title=f"Прогноз погоды на {when}: в Омской области до -{low} градусов",
        body=body,
        language="ru",
        url=f"https://example.org/{day.isoformat()}",
        content_hash=content_hash(body),
    )


def test_a_week_of_daily_forecasts_does_not_chain_into_one_story() -> None:
    start = date(2026, 11, 2)
    week = [_forecast(start + timedelta(days=i), 10 + i) for i in range(7)]
    stored = [StoredArticle(i + 1, a) for i, a in enumerate(week)]
    stories = {m.story_id for m in assign(stored, [], ClusterConfig())}
    assert len(stories) == 7


def test_the_story_check_stops_a_chain_that_pairwise_scores_would_allow() -> None:
    # With a bar so low that every forecast matches its neighbour, the story-level check still
    # keeps a week of forecasts from becoming one story.
    loose = dataclasses.replace(ClusterConfig(), min_score=0.01, min_story_score=0.6)
    start = date(2026, 11, 2)
    week = [_forecast(start + timedelta(days=i), 10 + i) for i in range(7)]
    stored = [StoredArticle(i + 1, a) for i, a in enumerate(week)]
    memberships = assign(stored, [], loose)
    assert len({m.story_id for m in memberships}) > 1
    assert any(m.why.get("story_disagrees") for m in memberships)
