"""The quality gate: minimums on the labelled development pairs (../shared/eval/dedup), on the
team's own generated pairs and labelled real Telegram posts (lab/data, its README says where
each came from), on the team's labelled real headlines (`python -m lab.newsag`; only where
lab/out holds them, as they are built from a snapshot CI does not have), and on the seeds'
truth, plus the cross-language case. A drop below a minimum fails the run.

Today's figures (`PYTHONHASHSEED=0 python -m lab.scorer`, docs/BENCHMARKS.md, "Today's
figures"; measured 2026-12-07, with the meaning vectors of #18): Russian P 1.000 R 0.900,
English P 0.947 R 1.000 (both also in the scorer's training; by leave-one-out 0.947 and 0.973
F1), generated training families P 0.733 R 0.875, generated held-back families P 0.634 R 0.938,
real headlines held back P 0.591 R 0.684, real Telegram posts (telegram_pairs.tsv) P 0.956
R 0.796, their whole-article posts (telegram_long_pairs.tsv) P 1.000 R 0.625, posts labelled
before the changes they measured (telegram_fresh_pairs.tsv) P 1.000 R 0.633, whole articles of
two channels (telegram_whole_pairs.tsv) P 0.914 R 0.653, and whole-article posts labelled before
they were ever scored (telegram_blind_pairs.tsv) P 0.865 R 0.727. The minimums leave a little
room, not much, and guard the gains of the rewrite judge, of the outlet, of the headline-template
check, of the judge's length term and of meaning.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest

from digest.cluster.evaluate import read_pairs, score
from digest.cluster.stories import assign
from digest.collect.seeds import load_seeds, read_seed
from digest.config import ClusterConfig
from digest.models import StoredArticle

PROJECT = Path(__file__).resolve().parents[3]
SHARED = Path(os.environ.get("DIGEST_SHARED", PROJECT.parent / "shared"))
OWN = PROJECT / "lab" / "data"
BUILT = PROJECT / "lab" / "out"  # `python -m lab.newsag`
MINIMUMS = {  # file: (precision, recall, F1)
    SHARED / "eval" / "dedup" / "ru_train_pool.tsv": (0.85, 0.75, 0.80),
    SHARED / "eval" / "dedup" / "en_train_pool.tsv": (0.85, 0.90, 0.88),
    OWN / "dev_train.tsv": (0.70, 0.75, 0.73),
    OWN / "dev_heldback.tsv": (0.60, 0.85, 0.70),
    OWN / "telegram_pairs.tsv": (0.92, 0.75, 0.84),
    OWN / "telegram_long_pairs.tsv": (0.90, 0.58, 0.72),
    OWN / "telegram_fresh_pairs.tsv": (0.95, 0.60, 0.74),
    OWN / "telegram_whole_pairs.tsv": (0.88, 0.62, 0.73),
    # P 0.64 until the judge weighed meaning (#18, 2026-12-07): P 0.688 R 0.579 -> P 0.591 R 0.684
    BUILT / "newsag_heldback.tsv": (0.57, 0.65, 0.61),
    OWN / "telegram_blind_pairs.tsv": (0.84, 0.70, 0.76),  # 2026-12-07: P 0.865 R 0.727
    # a Russian article and its own English version, no translation model (`python -m lab.wmt`;
    # only where lab/out holds it): P 0.944 R 1.000 on 2026-12-07
    BUILT / "wmt_heldback.tsv": (0.90, 0.95, 0.95),
}


@pytest.mark.parametrize("path", sorted(MINIMUMS), ids=lambda p: p.name)
def test_development_pairs_stay_above_the_minimums(path: Path) -> None:
    if not path.is_file() and path.is_relative_to(SHARED):
        pytest.skip(f"{path} is missing: put shared/ beside the project or set DIGEST_SHARED")
    if not path.is_file() and path.is_relative_to(BUILT):
        pytest.skip(f"{path} is missing: build it with `python -m lab.newsag` or `lab.wmt`")
    result = score(read_pairs(path), ClusterConfig())
    precision, recall, f1 = MINIMUMS[path]
    assert result.precision >= precision, result.line()
    assert result.recall >= recall, result.line()
    assert result.f1 >= f1, result.line()


def _groups(stored: list[StoredArticle], cfg: ClusterConfig) -> set[frozenset[str]]:
    names = {s.id: s.article.source.split("_")[0].split(".")[0] for s in stored}
    groups: dict[str, set[str]] = {}
    for m in assign(stored, [], cfg):
        groups.setdefault(m.story_id, set()).add(names[m.article_id])
    return {frozenset(g) for g in groups.values()}


def test_english_retelling_joins_without_a_translation_model(
    seeds_dir: Path, data_dir: Path
) -> None:
    articles = [*load_seeds(seeds_dir).articles]
    articles += [read_seed(p) for p in sorted((data_dir / "cross_language").glob("*.txt"))]
    stored = [StoredArticle(i + 1, a) for i, a in enumerate(articles)]
    wide = dataclasses.replace(ClusterConfig(), window_days=10_000)
    assert _groups(stored, wide) == {
        frozenset({"000", "001", "abaev"}),
        frozenset({"002"}),
        frozenset({"003"}),
        frozenset({"004"}),
        frozenset({"other"}),
    }
