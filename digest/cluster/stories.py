"""Incremental story assignment: each new article joins the story it matches best, or starts one.

Pure: articles and existing memberships in, new memberships out. An article is compared with
candidate articles (see `candidates`) inside `window_days` of it, so a rewrite two days later
joins the interview it retells. A story's id comes from its first article and never changes.
`exhaustive=True` compares with every article in the window instead (the benchmark baseline).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

from digest.cluster.candidates import CandidateIndex
from digest.cluster.features import Fingerprint, fingerprint, name_forms
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


def _member(stored: StoredArticle, story_id: str, pivot: Article | None = None) -> _Member:
    day = date.fromisoformat(stored.article.day)
    pivot_fp = fingerprint(pivot) if pivot is not None else None
    return _Member(stored, story_id, fingerprint(stored.article), day, pivot_fp)


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
    ) -> None:
        self.cfg = cfg
        self.exhaustive = exhaustive
        self.pivots = pivots or {}
        self.members: list[_Member | None] = []  # None: left the window, memory freed
        self.index = CandidateIndex(cfg)
        self._oldest = 0

    def add(self, member: _Member) -> None:
        self.members.append(member)
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
            self.members[self._oldest] = None
            self._oldest += 1

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
        for pos in dict.fromkeys(positions):
            other = self.members[pos]
            assert other is not None  # alive
            for pair in _pairs(me, other):
                value = score(*pair, self.cfg)
                if best is None or value > best[0]:
                    best = (value, other, pair)
        if best is None:
            return None
        match = compare(*best[2], self.cfg)
        if best[2][0] is me.pivot or best[2][1] is best[1].pivot:
            match = replace(match, through_translation=True)
        return match, best[1]

    def place(self, stored: StoredArticle) -> Membership:
        me = _member(stored, "", self.pivots.get(stored.id))
        self._evict_before(me.day)
        best = self._best(me)
        if best is not None and best[0].score >= self.cfg.min_score:
            match, other = best
            why = {"matched": other.stored.article.source, **match.why()}
            a = stored.article
            forms = name_forms(f"{a.title}\n{a.body}")
            why["shared_names"] = sorted({forms.get(k, k) for k in match.shared_names})
            m = Membership(stored.id, other.story_id, round(match.score, 3), other.stored.id, why)
        else:
            nearest = {} if best is None else {"nearest_score": round(best[0].score, 3)}
            m = Membership(stored.id, story_id_for(stored), 1.0, None, {"first": True, **nearest})
        self.add(replace(me, story_id=m.story_id))
        return m


def assign(
    pending: Sequence[StoredArticle],
    existing: Sequence[tuple[StoredArticle, str]],
    cfg: ClusterConfig,
    exhaustive: bool = False,
    pivots: Mapping[int, Article] | None = None,
) -> list[Membership]:
    """Memberships for `pending` articles, given `existing` (article, story id) pairs.
    `pivots` gives, by article id, a machine translation into the other language (title and
    summary) to compare through, where a translation model is installed."""
    pivots = pivots or {}
    clusterer = Clusterer(cfg, exhaustive, pivots)
    for stored, sid in sorted(existing, key=lambda pair: (pair[0].article.published, pair[0].id)):
        clusterer.add(_member(stored, sid, pivots.get(stored.id)))
    return [
        clusterer.place(stored)
        for stored in sorted(pending, key=lambda s: (s.article.published, s.id))
    ]
