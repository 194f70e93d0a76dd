"""Incremental story assignment: each new article joins the story it matches best, or starts one.

Pure: articles and existing memberships in, new memberships out. An article is compared with
candidate articles (see `candidates`) inside `window_days` of it, so a rewrite two days later
joins the interview it retells. A story's id comes from its first article and never changes.
`exhaustive=True` compares with every article in the window instead (the benchmark baseline).
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from itertools import islice

from digest.cluster.across import meaning
from digest.cluster.candidates import CandidateIndex
from digest.cluster.features import Fingerprint, fingerprint, with_vector
from digest.cluster.rarity import Rarity
from digest.cluster.similarity import Match, compare, score
from digest.config import ClusterConfig
from digest.models import Article, Membership, StoredArticle


@dataclass(frozen=True)
class _Member:
    stored: StoredArticle
    story_id: str
    fp: Fingerprint
    day: date
    pivot: Fingerprint | None = None  # the article machine-translated into the other language


def story_id_for(stored: StoredArticle) -> str:
    """A story's id: the first article's date and a hash of its source. Stable across rebuilds."""
    digest = hashlib.sha1(stored.article.source.encode("utf-8")).hexdigest()[:8]
    return f"{stored.article.day.replace('-', '')}-{digest}"


def _member(
    stored: StoredArticle,
    story_id: str,
    pivot: Article | None = None,
    fp: Fingerprint | None = None,
) -> _Member:
    day = date.fromisoformat(stored.article.day)
    pivot_fp = fingerprint(pivot) if pivot is not None else None
    own = fp if fp is not None else fingerprint(stored.article)
    own = with_vector(own, stored.vector)
    return _Member(stored, story_id, own, day, pivot_fp)


PARALLEL_FROM = 4000  # pending articles from which a second process computes the fingerprints
_CHUNK = 256  # articles per task sent to it
_AHEAD = 4  # tasks it may be ahead by: the fingerprints waiting here stay few


def _fingerprint_all(articles: Sequence[Article]) -> list[Fingerprint]:
    return [fingerprint(a) for a in articles]


def _shared(fp: Fingerprint) -> Fingerprint:
    """`fp` as received from the worker, its stems made the one copy of each word this process
    keeps (unpickled, every chunk would bring its own copy of every common stem)."""
    one = sys.intern
    return replace(
        fp,
        stems=frozenset(map(one, fp.stems)),
        lead=frozenset(map(one, fp.lead)),
        title=frozenset(map(one, fp.title)),
        names=frozenset(map(one, fp.names)),
        name_words=tuple((one(key), one(word)) for key, word in fp.name_words),
        quotes=tuple(frozenset(map(one, q)) for q in fp.quotes),
    )


def fingerprints(articles: Sequence[Article], parallel: bool) -> Iterator[Fingerprint]:
    """Each article's fingerprint, in order. `parallel`: computed in a second process while
    this one compares (a fingerprint costs about as much as an article's comparisons), for a
    large batch on a machine with a second core; the results are the same. The worker is kept
    at most `_AHEAD` chunks ahead, so a batch's fingerprints never pile up here all at once."""
    pool = None
    if parallel:
        # spawn, not fork: the caller may hold threads (the scheduler) whose locks a fork copies
        try:
            pool = multiprocessing.get_context("spawn").Pool(1)
        except OSError:  # no second process to be had (limits): compute them here
            pool = None
    if pool is None:
        yield from map(fingerprint, articles)
        return
    chunks = (articles[i : i + _CHUNK] for i in range(0, len(articles), _CHUNK))
    with pool:
        waiting = deque(pool.apply_async(_fingerprint_all, (c,)) for c in islice(chunks, _AHEAD))
        while waiting:
            done = waiting.popleft().get()
            following = next(chunks, None)
            if following is not None:
                waiting.append(pool.apply_async(_fingerprint_all, (following,)))
            yield from map(_shared, done)


def _pairs(me: _Member, other: _Member) -> list[tuple[Fingerprint, Fingerprint]]:
    """The comparisons worth making: as written, and through a translation where one exists."""
    pairs = [(me.fp, other.fp)]
    if me.fp.language != other.fp.language:
        if me.pivot is not None and me.pivot.language == other.fp.language:
            pairs.append((me.pivot, other.fp))
        if other.pivot is not None and other.pivot.language == me.fp.language:
            pairs.append((me.fp, other.pivot))
    return pairs


class Clusterer:
    """The window of known articles, indexed; `place` decides for one new article at a time."""

    def __init__(
        self,
        cfg: ClusterConfig,
        exhaustive: bool = False,
        pivots: Mapping[int, Article] | None = None,
        rarity: Rarity | None = None,
    ) -> None:
        """`rarity`: document frequencies counted already over every article this clusterer
        will see (see `assign`); without it, each article is counted as it is placed."""
        self.cfg = cfg
        self.exhaustive = exhaustive
        self.pivots = pivots or {}
        self.members: list[_Member | None] = []  # None: left the window, memory freed
        self.index = CandidateIndex(cfg)
        self.counting = rarity is None  # else the corpus was counted already
        self.rarity = Rarity() if rarity is None else rarity
        self.stories: dict[str, list[int]] = {}  # story id -> positions of its members
        self._oldest = 0

    def add(self, member: _Member) -> None:
        self.members.append(member)
        self.stories.setdefault(member.story_id, []).append(len(self.members) - 1)
        pos = self.index.add(member.fp)
        if member.pivot is not None:
            self.index.add_stems(pos, member.pivot)

    def _evict_before(self, day: date) -> None:
        """Free the articles that can no longer be in any later article's window (articles
        are placed in date order, so none of them can match again)."""
        while self._oldest < len(self.members):
            old = self.members[self._oldest]
            if old is not None and (day - old.day).days <= self.cfg.window_days:
                break
            if old is not None:
                self.rarity.forget(old.fp)
                if old.pivot is not None:
                    self.rarity.forget(old.pivot)
            self.members[self._oldest] = None
            self._oldest += 1
        self.index.forget_before(self._oldest)

    def _best(self, me: _Member) -> tuple[Match, _Member] | None:
        def alive(pos: int) -> bool:
            other = self.members[pos]
            return other is not None and abs((other.day - me.day).days) <= self.cfg.window_days

        if self.exhaustive:
            positions = [p for p in range(len(self.members)) if alive(p)]
        else:
            positions = self.index.candidates(me.fp, alive)
            if me.pivot is not None:
                positions += self.index.candidates(me.pivot, alive)
        best: tuple[float, _Member, tuple[Fingerprint, Fingerprint]] | None = None
        for pos in sorted(set(positions)):  # ties go to the earliest placed: the same every run
            other = self.members[pos]
            assert other is not None  # alive
            for pair in _pairs(me, other):
                translated = pair[0] is me.pivot or pair[1] is other.pivot
                value = score(*pair, self.cfg, self.rarity, translated)
                if best is None or value > best[0]:
                    best = (value, other, pair)
        if best is None:
            return None
        translated = best[2][0] is me.pivot or best[2][1] is best[1].pivot
        match = compare(*best[2], self.cfg, self.rarity, translated)
        return match, best[1]

    def _story_agrees(self, me: _Member, other: _Member) -> bool:
        """Whether `me` matches the story of `other` as a whole, not only `other`: its mean
        score against the story's other members in its language (the first and the latest few)
        must reach `cluster.min_story_score`, so a chain of look-alikes (a week of daily
        forecasts) cannot pull everything into one story through neighbours."""
        positions = self.stories.get(other.story_id, [])
        picked = [p for p in dict.fromkeys(positions[:1] + positions[-4:])]
        scores = [
            score(me.fp, m.fp, self.cfg, self.rarity)
            for m in (self.members[p] for p in picked)
            if m is not None and m is not other and m.fp.language == me.fp.language
        ]
        return not scores or sum(scores) / len(scores) >= self.cfg.min_story_score

    def _why(self, me: _Member, match: Match, other: _Member) -> dict[str, object]:
        matched = other.stored.article
        why = {"matched": matched.source, **match.why()}
        why["matched_outlet"], why["matched_title"] = matched.outlet, matched.title
        if me.fp.vector is not None and other.fp.vector is not None:
            why["meaning"] = round(meaning(me.fp, other.fp), 2)
        why["shared_names"] = me.fp.written(match.shared_names)
        return why

    def place(self, stored: StoredArticle, fp: Fingerprint | None = None) -> Membership:
        """`stored`'s membership; `fp`: its fingerprint, where computed already."""
        me = _member(stored, "", self.pivots.get(stored.id), fp)
        self._evict_before(me.day)
        if self.counting:
            self.rarity.add(me.fp.language, me.fp.stems)
        best = self._best(me)
        joins = best is not None and best[0].score >= self.cfg.min_score
        agrees = joins and best is not None and self._story_agrees(me, best[1])
        if best is not None and agrees:
            match, other = best
            why = self._why(me, match, other)
            m = Membership(stored.id, other.story_id, round(match.score, 3), other.stored.id, why)
        else:
            first: dict[str, object] = {"first": True}
            if best is not None:
                first["nearest_score"] = round(best[0].score, 3)
                first["nearest"] = self._why(me, *best)
                if joins:
                    first["story_disagrees"] = True  # matched one member, not the story
            m = Membership(stored.id, story_id_for(stored), 1.0, None, first)
        self.add(replace(me, story_id=m.story_id))
        return m


def _order(stored: StoredArticle) -> tuple[datetime, str]:
    """The order articles are placed in: by time, then by source, never by database id (which
    depends on which feed answered first), so identical input groups identically."""
    return stored.article.moment, stored.article.source


def assign(
    pending: Sequence[StoredArticle],
    existing: Sequence[tuple[StoredArticle, str]],
    cfg: ClusterConfig,
    exhaustive: bool = False,
    pivots: Mapping[int, Article] | None = None,
    rarity: Rarity | None = None,
) -> list[Membership]:
    """Memberships for `pending` articles, given `existing` (article, story id) pairs.
    `pivots` gives, by article id, a machine translation into the other language (title and
    summary) to compare through, where a translation model is installed.

    Document frequencies (`Rarity`) are counted from the window's `existing` articles first,
    then from each pending article as it is placed. `rarity`: frequencies already counted over
    a corpus holding all these articles (`Rarity.of`; `digest eval pairs` counts a whole pairs
    file so), used as they are. (Counting the pending articles too before placing the first
    would need a second pass over their text: a tenth of the clustering time for a large
    backlog, for a daily run's few thousand articles against the window's tens of thousands.)"""
    pivots = pivots or {}
    clusterer = Clusterer(cfg, exhaustive, pivots, rarity)
    for stored, sid in sorted(existing, key=lambda pair: _order(pair[0])):
        member = _member(stored, sid, pivots.get(stored.id))
        if clusterer.counting:
            clusterer.rarity.add(member.fp.language, member.fp.stems)
        clusterer.add(member)
    ordered = sorted(pending, key=_order)
    parallel = len(ordered) >= PARALLEL_FROM and (os.cpu_count() or 1) > 1
    found = fingerprints([s.article for s in ordered], parallel)
    return [clusterer.place(stored, fp) for stored, fp in zip(ordered, found, strict=True)]
