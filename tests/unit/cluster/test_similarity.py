"""The evidence `similarity.evidence` gives, on the seeds (seeds/, the product's reference case:
000 is KP's interview with the ambassador, 001 Lada.kz's rewrite of it), on posts after real
Telegram posts, and on a real pair of them (lab/data/telegram_pairs.tsv)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from digest.cluster.evaluate import read_pairs
from digest.cluster.features import fingerprint, lead_text
from digest.cluster.rarity import Rarity
from digest.cluster.similarity import WHOLE, compare, evidence, scorer, vetoed
from digest.collect.seeds import load_seeds, read_seed
from digest.config import ClusterConfig
from digest.models import Article


def _interview_and_rewrite(seeds_dir: Path) -> tuple[Article, Article]:
    articles = sorted(load_seeds(seeds_dir).articles, key=lambda a: a.source)
    return articles[0], articles[1]


def _headline_and_lead(article: Article) -> Article:
    return dataclasses.replace(article, body=lead_text(article.body))


def test_rare_words_two_whole_articles_share_count_again(seeds_dir: Path) -> None:
    cfg = ClusterConfig()
    whole = [fingerprint(a) for a in _interview_and_rewrite(seeds_dir)]
    short = [fingerprint(_headline_and_lead(a)) for a in _interview_and_rewrite(seeds_dir)]
    assert min(fp.body_stems for fp in whole) >= WHOLE
    assert max(fp.body_stems for fp in short) < WHOLE
    rarity = Rarity.of(whole + short)
    found = evidence(*whole, cfg, rarity)
    assert found["rare"] > 0 and found["rare_whole"] == found["rare"]
    cut = evidence(*short, cfg, rarity)
    assert cut["rare"] > 0 and cut["rare_whole"] == 0.0
    # a headline and a sentence share a name with the event's follow-up as readily as with a
    # retelling; two whole articles sharing the same rare words are likelier one story
    same_rare = dataclasses.replace(whole[1], body_stems=0)
    learned = scorer().learned  # the rewrite judge, which gives the seeds' score, aside
    assert learned(evidence(*whole, cfg, rarity)) > learned(
        evidence(whole[0], same_rare, cfg, rarity)
    )


def _virus(deaths: str) -> Article:
    """After SHOT's and «Москва - новостная»'s posts of 3 December 2024
    (lab/data/telegram_pairs.tsv)."""
    return Article(
        source=f"virus-{deaths}",
        published="2024-12-03",
        title=f"Неизвестный вирус убил более {deaths} человек в Африке",
        body=f"В провинции Кванго в Конго неизвестная болезнь унесла жизни более {deaths} "
        "человек. Симптомы похожи на грипп и ковид, врачи не могут поставить диагноз.",
        language="ru",
    )


def test_counts_a_few_percent_apart_are_one_figure_rounded_or_updated() -> None:
    cfg = ClusterConfig()
    found = {
        n: evidence(fingerprint(_virus("140")), fingerprint(_virus(n)), cfg, Rarity())
        for n in ("143", "200")
    }
    assert found["143"]["figure_conflict"] == 0.0
    assert found["200"]["figure_conflict"] == 1.0


TELEGRAM = Path(__file__).parents[3] / "lab" / "data" / "telegram_pairs.tsv"


def _beavers() -> tuple[Article, Article]:
    """Two channels' posts of 28 November 2024: beavers cut the power of four villages in the
    Leningrad region (lab/data/telegram_pairs.tsv, row 41; one story)."""
    pair = read_pairs(TELEGRAM)[40]
    assert pair.same and "Бобры" in pair.first.title and "Бобры" in pair.second.title
    return pair.first, pair.second


def _on(article: Article, day: str) -> Article:
    return dataclasses.replace(article, body=f"Вечером {day} ноября. {article.body}")


def test_a_rewrite_joins_unless_something_speaks_against() -> None:
    cfg = ClusterConfig()
    first, second = _beavers()
    rarity = Rarity.of(fingerprint(a) for a in (first, second))
    # each post adds a rare detail of its own, which the learned scorer counts against one
    # story; most of the words and the headline's gist are shared: a rewrite
    found = compare(fingerprint(first), fingerprint(second), cfg, rarity)
    assert scorer().learned(found.evidence) < cfg.min_score <= found.score
    assert found.by_rewrite and found.why()["by"] == "rewrite"
    # the same two texts told of different days: the rewrite judge does not count
    days = compare(fingerprint(_on(first, "27")), fingerprint(_on(second, "29")), cfg, rarity)
    assert days.evidence["date_conflict"] and vetoed(days.evidence)
    assert days.score < cfg.min_score and not days.by_rewrite
    # with the judge off, the learned scorer alone decides
    alone = dataclasses.replace(scorer(), rewrite=None)
    assert alone.probability(found.evidence) == scorer().learned(found.evidence)
    assert "rewrite" in alone.unused and "rewrite" not in scorer().unused


def test_a_long_text_must_hold_more_to_be_judged_a_rewrite(seeds_dir: Path) -> None:
    """Seeds 000 (the ambassador's long interview) and 003 (another story on the same two
    countries): a short text's stems are found in a long one by chance far more often, so the
    same rewrite score that joins two short texts does not join them."""
    cfg = ClusterConfig()
    seeds = sorted(load_seeds(seeds_dir).articles, key=lambda a: a.source)
    interview, other = fingerprint(seeds[0]), fingerprint(seeds[3])
    found = evidence(interview, other, cfg, Rarity.of([fingerprint(a) for a in seeds]))
    assert not vetoed(found) and found["long_text"] > 1.0  # 000 has over 400 stems
    judge = scorer().rewritten
    assert judge(found) < cfg.min_score
    # the same score for two texts of ordinary length is far likelier one story (about the bar)
    assert judge({**found, "long_text": 0.0}) > judge(found) + 0.2


def test_a_retelling_tells_who_and_the_specifics_one_cast_in_another_event_only_who(
    data_dir: Path,
) -> None:
    """`told`: the share of the names of the side with fewer that the other text names too
    (`names`), times the share of its rare words the other has (`rare_share`), on the team's
    own articles (tests/data/cluster/categories). One hack retold by two outlets keeps every
    name and most rare words; one press release copied for two regions keeps no name; one
    faction's MP, expelled a week later, keeps every name but not the specifics (a court, a
    complaint). The rewrite judge weighs `told` (scorer.json), not `names` alone (which merged
    the faction's two events: docs/BENCHMARKS.md, "Who and the specifics, both told")."""
    categories = data_dir / "cluster" / "categories"
    cfg = ClusterConfig()

    def found(first: str, second: str) -> dict[str, float]:
        a, b = (fingerprint(read_seed(categories / f"{n}.txt")) for n in (first, second))
        return evidence(a, b, cfg, Rarity.of([a, b]))

    hack, release = found("hack_outlet_a", "hack_outlet_b"), found("release_omsk", "release_tomsk")
    faction = found("faction_discusses", "faction_expelled_reacts")
    assert hack["names"] == faction["names"] == 1.0 and release["names"] == 0.0
    assert hack["told"] == hack["rare_share"] > 0.5 > faction["told"] and release["told"] == 0.0
    shipped = scorer().rewrite
    assert shipped is not None and shipped.told > 0.0 and shipped.names == 0.0
    assert "told" not in scorer().unused  # the hot path computes it
    unweighed = dataclasses.replace(shipped, told=0.0)
    assert shipped.probability(hack) > unweighed.probability(hack)
    assert shipped.probability(release) == unweighed.probability(release)
    # the more of who and what the other tells, the more the judge believes one story
    gain = {k: shipped.probability(v) - unweighed.probability(v) for k, v in
            (("hack", hack), ("faction", faction))}  # fmt: skip
    assert gain["hack"] > gain["faction"] > 0.0


def test_the_judge_weighs_a_comment_against_the_event_it_comments_on(data_dir: Path) -> None:
    """`reaction` (`conflicts.reaction`): one headline reports a named person's comment that the
    other neither reports nor names, the guideline's "an event, and an involved person's comment
    on it". Fitted after `told` with the judge's log odds held, at or below zero (scorer.json),
    and in the learned scorer as its other evidence against."""
    categories = data_dir / "cluster" / "categories"
    a, b = (fingerprint(read_seed(categories / f"{n}.txt"))
            for n in ("faction_discusses", "faction_expelled_reacts"))  # fmt: skip
    found = evidence(a, b, ClusterConfig(), Rarity.of([a, b]))
    shipped = scorer().rewrite
    assert shipped is not None and shipped.reaction < 0.0 and "reaction" not in scorer().unused
    assert dict(scorer().used)["reaction"] < 0.0  # the learned scorer weighs it against too
    assert found["reaction"] == 1.0
    unweighed = dataclasses.replace(shipped, reaction=0.0)
    assert shipped.probability(found) < unweighed.probability(found)
