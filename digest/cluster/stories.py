"""Incremental story assignment: each new article joins the story it matches best, or starts one.

Pure: articles and existing memberships in, new memberships out. An article is compared with
candidate articles (see `candidates`) inside `window_days` of it, so a rewrite two days later
joins the interview it retells. A story's id comes from its first article and never changes.
`exhaustive=True` compares with every article in the window instead (the benchmark baseline).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from digest.cluster.candidates import CandidateIndex
from digest.cluster.features import Fingerprint, fingerprint, name_forms
from digest.cluster.similarity import Match, compare, score
from digest.config import ClusterConfig
from digest.models import Membership, StoredArticle


@dataclass(frozen=True)
class _Member:
    stored: StoredArticle
    story_id: str
    fp: Fingerprint
    day: date


def story_id_for(stored: StoredArticle) -> str:
    """A story's id: the first article's date and a hash of its source. Stable across rebuilds."""
    digest = hashlib.sha1(stored.article.source.encode("utf-8")).hexdigest()[:8]
    return f"{stored.article.day.replace('-', '')}-{digest}"


def _member(stored: StoredArticle, story_id: str) -> _Member:
    day = date.fromisoformat(stored.article.day)
    return _Member(stored, story_id, fingerprint(stored.article), day)


class Clusterer:
    """The window of known articles, indexed; `place` decides for one new article at a time."""

    def __init__(self, cfg: ClusterConfig, exhaustive: bool = False) -> None:
        self.cfg = cfg
        self.exhaustive = exhaustive
        self.members: list[_Member | None] = []  # None: left the window, memory freed
        self.index = CandidateIndex(cfg)
        self._oldest = 0

    def add(self, member: _Member) -> None:
        self.members.append(member)
        self.index.add(member.fp)

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
        best: tuple[float, _Member] | None = None
        for pos in positions:
            other = self.members[pos]
            assert other is not None  # alive
            value = score(me.fp, other.fp, self.cfg)
            if best is None or value > best[0]:
                best = (value, other)
        if best is None:
            return None
        return compare(me.fp, best[1].fp, self.cfg), best[1]

    def place(self, stored: StoredArticle) -> Membership:
        me = _member(stored, "")
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
        self.add(_Member(stored, m.story_id, me.fp, me.day))
        return m


def assign(
    pending: Sequence[StoredArticle],
    existing: Sequence[tuple[StoredArticle, str]],
    cfg: ClusterConfig,
    exhaustive: bool = False,
) -> list[Membership]:
    """Memberships for `pending` articles, given `existing` (article, story id) pairs."""
    clusterer = Clusterer(cfg, exhaustive)
    for stored, sid in sorted(existing, key=lambda pair: (pair[0].article.published, pair[0].id)):
        clusterer.add(_member(stored, sid))
    return [
        clusterer.place(stored)
        for stored in sorted(pending, key=lambda s: (s.article.published, s.id))
    ]
