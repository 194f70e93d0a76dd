"""Story grouping on the seeds' truth, and the incremental rules: window, stable ids, no rework."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from digest.cluster import stories
from digest.cluster.features import fingerprint
from digest.cluster.rarity import Rarity
from digest.cluster.similarity import compare
from digest.cluster.stories import assign
from digest.collect.seeds import load_seeds
from digest.config import ClusterConfig
from digest.models import Article, StoredArticle
from digest.text.meaning import of_article
from digest.text.words import counts, figures, stems


@pytest.fixture(scope="module")
def stored(seeds_dir: Path) -> list[StoredArticle]:
    """The seeds as the pipeline stores them, each with its meaning vector."""
    articles = load_seeds(seeds_dir).articles
    return [StoredArticle(i + 1, a, of_article(a.title, a.body)) for i, a in enumerate(articles)]


def _groups(stored: list[StoredArticle], cfg: ClusterConfig) -> set[frozenset[str]]:
    by_id = {s.id: s.article.source[:3] for s in stored}
    groups: dict[str, set[str]] = {}
    for m in assign(stored, [], cfg):
        groups.setdefault(m.story_id, set()).add(by_id[m.article_id])
    return {frozenset(g) for g in groups.values()}


def test_seed_truth_000_with_001_and_the_rest_apart(stored: list[StoredArticle]) -> None:
    assert _groups(stored, ClusterConfig()) == {
        frozenset({"000", "001"}),
        frozenset({"002"}),
        frozenset({"003"}),
        frozenset({"004"}),
    }


def test_seed_truth_holds_with_an_unlimited_window(stored: list[StoredArticle]) -> None:
    # 002, 003 and 004 are months apart; with no window they are still compared, and stay apart.
    wide = dataclasses.replace(ClusterConfig(), window_days=10_000)
    assert len(_groups(stored, wide)) == 4


def test_rewrite_is_caught_by_stem_containment_and_figures(stored: list[StoredArticle]) -> None:
    interview, rewrite = stored[0].article, stored[1].article
    rarity = Rarity()
    for s in stored:
        rarity.add(s.article.language, fingerprint(s.article).stems)
    match = compare(fingerprint(interview), fingerprint(rewrite), ClusterConfig(), rarity)
    assert match.containment > 0.75
    assert {"616 млн", "57 млрд", "95 %"} <= set(match.shared_figures)
    for other in stored[2:]:
        miss = compare(fingerprint(interview), fingerprint(other.article), ClusterConfig(), rarity)
        assert miss.score < ClusterConfig().min_score


def test_join_explains_itself(stored: list[StoredArticle]) -> None:
    memberships = {m.article_id: m for m in assign(stored, [], ClusterConfig())}
    joined = memberships[stored[1].id]
    assert joined.matched_id == stored[0].id
    assert joined.why["matched"] == stored[0].article.source
    assert memberships[stored[0].id].why["first"] is True


def test_incremental_join_keeps_the_existing_story_id(stored: list[StoredArticle]) -> None:
    first = assign(stored[:1], [], ClusterConfig())
    existing = [(stored[0], first[0].story_id)]
    later = assign(stored[1:2], existing, ClusterConfig())
    assert later[0].story_id == first[0].story_id


def test_story_id_is_deterministic(stored: list[StoredArticle]) -> None:
    a = [m.story_id for m in assign(stored, [], ClusterConfig())]
    b = [m.story_id for m in assign(list(reversed(stored)), [], ClusterConfig())]
    assert sorted(a) == sorted(b)
    assert all(len(i.split("-")) == 2 for i in a)


def test_outside_the_window_a_rewrite_starts_its_own_story(stored: list[StoredArticle]) -> None:
    narrow = dataclasses.replace(ClusterConfig(), window_days=1)  # 000 and 001 are 2 days apart
    assert frozenset({"000", "001"}) not in _groups(stored, narrow)


def test_figures_skip_years_dates_and_small_counts() -> None:
    found = figures("В 2025 году, 12 ноября, 14 проектов на $616 млн и 95% и 1,8 трлн рублей; 175")
    assert found == frozenset({"616 млн", "95 %", "1.8 трлн", "175"})


def test_a_dotted_date_is_no_figure_and_no_number() -> None:
    # an agency's sign-off («РИА Новости, 12.05.2021») must not read as a figure 12.05 that
    # another article's figures then "contradict"
    text = "Назван лучший музыкант десятилетия. РИА Новости, 12.05.2021; рост на 3,5% и 1.5 млн"
    assert figures(text) == frozenset({"3.5 %", "1.5 млн"})
    assert counts(text, "ru") == frozenset({("3.5", "%"), ("1.5", "млн")})


def test_counts_pair_each_number_with_what_it_counts() -> None:
    # a contradiction needs the same thing counted: «6 человек» / «9 человек», not «№ 1» / «49»
    assert counts("Обстрел 27 декабря: пострадали 6 человек", "ru") == frozenset({("6", "человек")})
    assert counts("Экс-главврач БСМП № 1, 49-летний министр", "ru") == frozenset()


@pytest.mark.parametrize(
    ("language", "opening", "lead_dates"),
    [
        ("ru", "МОСКВА, 11 ноября. /ТАСС/. Суд арестовал бывшего главу района.", set()),
        ("ru", "Москва. 11 ноября. INTERFAX.RU - Суд арестовал бывшего главу района.", set()),
        ("ru", "Биробиджан, 7 ноября. Во вторник, 5 ноября, на трассе столкнулись машины.",
         {"11-05"}),
        ("ru", "Вчера, 10 ноября, суд арестовал бывшего главу района.", {"11-10"}),  # the event's
        ("ru", "В пятницу, 15 ноября, под Винницей произошло ДТП.", {"11-15"}),
        # who reported it, and when, is no date of the event either
        ("ru", "В Эстонии высадились 800 военных. Об этом 7 мая сообщило агентство Delfi.",
         set()),
        ("ru", "Учения начались 5 мая. Об этом сообщила 7 мая пресс-служба.", {"05-05"}),
        ("en", "WASHINGTON, November 11 (AP) — A court on November 10 jailed a mayor.", {"11-10"}),
        ("en", "SAN FRANCISCO, November 11, 2019 - A court jailed a mayor.", set()),
        ("en", "On November 10, a court jailed a mayor.", {"11-10"}),
    ],
)  # fmt: skip
def test_a_dateline_or_attribution_says_when_it_was_filed_not_when_it_happened(
    language: str, opening: str, lead_dates: set[str]
) -> None:
    # an agency's dateline against another outlet's date of the event is no contradiction
    title = {"ru": "Суд арестовал главу района", "en": "A court jailed a mayor"}[language]
    article = Article(source="a", published="2019-11-11", title=title, body=opening,
                      language=language)  # fmt: skip
    assert fingerprint(article).lead_dates == lead_dates


def test_stems_fold_inflections() -> None:
    assert stems("газопровода газопроводом", "ru") == stems("газопровод", "ru")


def test_a_large_batch_fingerprinted_in_a_second_process_groups_the_same(
    stored: list[StoredArticle], monkeypatch: pytest.MonkeyPatch
) -> None:
    # the seeds, each also republished on the next days under other ids: enough to compare
    batch = [
        StoredArticle(
            s.id + 10 * k, dataclasses.replace(s.article, source=f"{k}-{s.article.source}")
        )
        for k in range(4)
        for s in stored
    ]
    alone = assign(batch, [], ClusterConfig())
    monkeypatch.setattr(stories, "PARALLEL_FROM", 1)
    assert list(stories.fingerprints([s.article for s in batch], True)) == [
        fingerprint(s.article) for s in batch
    ]
    assert assign(batch, [], ClusterConfig()) == alone
