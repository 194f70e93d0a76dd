"""Scoring the clusterer on labelled same-story pairs (the format of shared/eval/dedup).

Each pair is put through the same incremental clusterer the pipeline uses, as two articles of
the same day; the decision is whether they end in one story. Prints precision, recall and F1.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from digest.cluster.features import fingerprint
from digest.cluster.rarity import Rarity
from digest.cluster.stories import assign
from digest.config import ClusterConfig
from digest.errors import SourceError
from digest.models import Article, Membership, StoredArticle
from digest.text.basics import content_hash, language
from digest.text.chrome import without_chrome
from digest.text.headlines import recurring_tails, site, site_names, without_site
from digest.text.meaning import encode, pack, span

COLUMNS = ("INPUT:first_title", "INPUT:first_text", "INPUT:second_title", "INPUT:second_text")
LABEL = "GOLDEN:quality"


@dataclass(frozen=True)
class Pair:
    first: Article
    second: Article
    same: bool
    vectors: tuple[bytes | None, bytes | None] = (None, None)  # `with_vectors`


@dataclass(frozen=True)
class Scores:
    tp: int
    fp: int
    fn: int
    tn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def line(self) -> str:
        return (
            f"pairs {self.tp + self.fp + self.fn + self.tn}: precision {self.precision:.3f},"
            f" recall {self.recall:.3f}, F1 {self.f1:.3f}"
            f" (tp {self.tp}, fp {self.fp}, fn {self.fn}, tn {self.tn})"
        )


def _site_tails(rows: list[dict[str, str]]) -> dict[str, frozenset[str]]:
    """Per site, the tails that end several of its distinct headlines in the file («… - Би-би-си
    Русская служба»), as the collector finds them in one feed's batch (`text.headlines`)."""
    titles: dict[str, set[str]] = {}
    for row in rows:
        for side in ("first", "second"):
            url = row.get(f"INPUT:{side}_url") or ""
            titles.setdefault(site(url), set()).add((row.get(f"INPUT:{side}_title") or "").strip())
    return {host: recurring_tails(found) for host, found in titles.items() if host}


def _article(
    source: str, title: str, text: str, url: str, tails: dict[str, frozenset[str]]
) -> Article:
    """The pair's article as the collector would store it: its headline without the site's
    name (`text.headlines`)."""
    title = title.strip()
    return Article(
        source=source,
        published="2020-01-01",
        title=without_site(title, site_names("", url), tails.get(site(url), frozenset())),
        body=without_chrome(text.strip()),
        language=language(f"{title} {text}"),
        url=url,
        content_hash=content_hash(f"{source}\n{text}"),
    )


def read_pairs(path: Path) -> list[Pair]:
    """Labelled pairs from a TSV file; `SourceError` names the file and what is wrong."""
    csv.field_size_limit(sys.maxsize)
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle, delimiter="\t"))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise SourceError(str(path), f"cannot read the pairs file: {exc}") from None
    missing = [c for c in (*COLUMNS, LABEL) if rows and c not in rows[0]]
    if not rows or missing:
        raise SourceError(str(path), f"not a pairs file (missing columns: {missing or 'all'})")
    pairs = []
    tails = _site_tails(rows)
    for i, row in enumerate(rows, 1):
        label = (row.get(LABEL) or "").strip().upper()
        if label not in ("OK", "BAD"):
            raise SourceError(str(path), f"row {i}: {LABEL} must be OK or BAD, not {label!r}")
        cell = [row.get(c) or "" for c in COLUMNS]  # a short row's missing cells: empty
        first_url, second_url = row.get("INPUT:first_url") or "", row.get("INPUT:second_url") or ""
        first = _article(f"{i}a", cell[0], cell[1], first_url, tails)
        second = _article(f"{i}b", cell[2], cell[3], second_url, tails)
        pairs.append(Pair(first, second, label == "OK"))
    return pairs


def with_vectors(pairs: Sequence[Pair]) -> list[Pair]:
    """The pairs with each article's vector (`text.meaning`), as collection stores them."""
    spans = [span(a.title, a.body) for p in pairs for a in (p.first, p.second)]
    unique = list(dict.fromkeys(spans))
    found = dict(zip(unique, map(pack, encode(unique)), strict=True))
    return [
        replace(p, vectors=(found[spans[2 * i]], found[spans[2 * i + 1]]))
        for i, p in enumerate(pairs)
    ]


def corpus_rarity(pairs: Iterable[Pair]) -> Rarity:
    """Document frequencies over every distinct article of a pairs file, counted once each:
    the file stands for the store, whose own articles tell what is common in that period's
    news (in spring 2020, «коронавирус» and «самоизоляция», rare in the background table)."""
    seen: dict[tuple[str, str], Article] = {}
    for pair in pairs:
        for article in (pair.first, pair.second):
            seen.setdefault((article.title, article.body), article)
    return Rarity.of(fingerprint(a) for a in seen.values())


def decide(pair: Pair, cfg: ClusterConfig, rarity: Rarity | None = None) -> tuple[bool, Membership]:
    """Whether the clusterer puts the pair in one story, with the second article's membership
    (its score and evidence). `rarity`: the file's document frequencies (`corpus_rarity`);
    without it, the two articles alone are counted."""
    stored = [
        StoredArticle(1, pair.first, pair.vectors[0]),
        StoredArticle(2, pair.second, pair.vectors[1]),
    ]
    first, second = assign(stored, [], cfg, rarity=rarity)
    return first.story_id == second.story_id, second


def same_story(pair: Pair, cfg: ClusterConfig) -> bool:
    return decide(pair, cfg)[0]


def score(pairs: Iterable[Pair], cfg: ClusterConfig, errors: list[str] | None = None) -> Scores:
    """The scores; each wrong decision, with its evidence, is appended to `errors` if given.
    Document frequencies are counted over all the pairs' articles first (`corpus_rarity`)."""
    pairs = with_vectors(list(pairs))
    rarity = corpus_rarity(pairs)
    tp = fp = fn = tn = 0
    for i, pair in enumerate(pairs, 1):
        said, membership = decide(pair, cfg, rarity)
        tp += said and pair.same
        fp += said and not pair.same
        fn += pair.same and not said
        tn += not said and not pair.same
        if errors is not None and said != pair.same:
            errors.append(explain_error(i, pair, said, membership))
    return Scores(tp, fp, fn, tn)


def explain_error(row: int, pair: Pair, said: bool, membership: Membership) -> str:
    """One wrong decision in a few lines: the row, both headlines, what was said and why."""
    kind = "merged, but labelled different stories" if said else "split, but labelled one story"
    why = membership.why
    if not said:
        why = {k: v for k, v in why.items() if k != "first"}
    lines = [
        f"row {row}: {kind}",
        f"  1: {pair.first.title[:100]}",
        f"  2: {pair.second.title[:100]}",
        f"  evidence: {json.dumps(why, ensure_ascii=False, sort_keys=True)}",
    ]
    return "\n".join(lines)
