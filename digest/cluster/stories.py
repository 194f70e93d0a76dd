"""Incremental story assignment: each new article joins the story it matches best, or starts one.

Pure: articles and existing memberships in, new memberships out. An article is compared with
the articles of stories within `window_days` of it, so a rewrite two days later joins the
interview it retells. A story's id comes from its first article and never changes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from digest.cluster.similarity import Fingerprint, compare, fingerprint
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
    return _Member(
        stored, story_id, fingerprint(stored.article), date.fromisoformat(stored.article.day)
    )


def assign(
    pending: Sequence[StoredArticle],
    existing: Sequence[tuple[StoredArticle, str]],
    cfg: ClusterConfig,
) -> list[Membership]:
    """Memberships for `pending` articles, given `existing` (article, story id) pairs."""
    pool = [_member(stored, sid) for stored, sid in existing]
    out: list[Membership] = []
    for stored in sorted(pending, key=lambda s: (s.article.published, s.id)):
        me = _member(stored, "")
        best: tuple[float, _Member, list[str], float] | None = None
        for other in pool:
            if abs((other.day - me.day).days) > cfg.window_days:
                continue
            match = compare(me.fp, other.fp, cfg)
            if best is None or match.score > best[0]:
                best = (match.score, other, list(match.shared_figures), match.containment)
        if best is not None and best[0] >= cfg.min_score:
            score, other, shared, cont = best
            why: dict[str, object] = {
                "matched": other.stored.article.source,
                "score": round(score, 3),
                "containment": round(cont, 3),
                "shared_figures": shared,
            }
            m = Membership(stored.id, other.story_id, round(score, 3), other.stored.id, why)
        else:
            nearest = {} if best is None else {"nearest_score": round(best[0], 3)}
            m = Membership(stored.id, story_id_for(stored), 1.0, None, {"first": True, **nearest})
        out.append(m)
        pool.append(_member(stored, m.story_id))
    return out
