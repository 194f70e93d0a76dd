"""Search across the archive: every article's stems in the store's full-text index (SQLite FTS5),
queried by the stems of the words asked for, so «Абаеву» finds «Абаева» and «Абаев». Hits come
back as stories, with the issues whose articles match and the sentence that matched. Below the
word matches come the stories whose meaning is closest to the query's (`text.meaning`, in any
language: an English query finds a Russian story), each saying how it matched (#18)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from digest.models import Article
from digest.render.issues import Issue, IssueStory
from digest.store import search as table
from digest.store import vectors
from digest.store.backend import Connection
from digest.store.search import Filters
from digest.text.basics import sentences
from digest.text.meaning import ENCODER, encode, unpack
from digest.text.words import terms

BATCH = 2000  # articles indexed per transaction
_WORD = re.compile(r"[^\W_]+")


def article_terms(a: Article) -> list[str]:
    """The terms an article is found by: its headline, outlet, author and text."""
    return terms(f"{a.title}\n{a.outlet} {a.via} {a.author}\n{a.body}", a.language)


def update_index(conn: Connection) -> int:
    """Index the articles stored or changed since the last call; return how many."""
    done = 0
    while batch := table.stale(conn, BATCH):
        rows = [(s.id, s.article.content_hash, " ".join(article_terms(s.article))) for s in batch]
        done += table.put(conn, rows)
    return done


def query_terms(query: str) -> list[frozenset[str]]:
    """For each word asked for, the terms that stand for it: its Russian and its English stem
    (the query does not say which language it means) and a surname's base."""
    words = _WORD.findall(query.lower().replace("ё", "е"))
    return [frozenset(terms(w, "ru")) | frozenset(terms(w, "en")) for w in words]


def fts_query(wanted: Sequence[frozenset[str]]) -> list[list[str]]:
    """Every word (any of its terms) must be found: the groups of terms the store matches."""
    return [sorted(w) for w in wanted]


def snippet(a: Article, wanted: Sequence[frozenset[str]], width: int = 240) -> str:
    """The sentence of the article that holds most of the words asked for (the headline if no
    sentence holds more), cut to about `width` characters."""
    best, score = a.title, sum(1 for w in wanted if w & set(terms(a.title, a.language)))
    for sentence in sentences(a.body[:20_000]):
        found = set(terms(sentence, a.language))
        here = sum(1 for w in wanted if w & found)
        if here > score:
            best, score = sentence.strip(), here
            if here == len(wanted):
                break
    return best if len(best) <= width else best[: width - 1].rsplit(" ", 1)[0] + "…"


@dataclass(frozen=True)
class Hit:
    story: IssueStory  # as its latest issue shows it (every article up to that day)
    issues: tuple[str, ...]  # the issues carrying a matching article, oldest first
    snippet: str
    outlet: str  # of the best-matching article
    meaning: float | None = None  # found by meaning, this close (cosine); None: by its words

    @property
    def how(self) -> str:
        return "words" if self.meaning is None else f"meaning ({self.meaning:.2f})"


NEAR = 0.3  # a story's closest article must be at least this close to the query, by meaning


def find(
    conn: Connection,
    issues: Sequence[Issue],
    query: str,
    filters: Filters | None = None,
    limit: int = 20,
) -> list[Hit]:
    """The stories matching `query`, best first."""
    wanted = query_terms(query)
    if not wanted:
        return []
    update_index(conn)
    filters = filters or Filters()
    ids = table.match(conn, fts_query(wanted), filters, limit=max(200, limit * 10))
    # article id -> (its story, its issue, the article)
    placed: dict[int, tuple[str, str, Article]] = {}
    latest: dict[str, IssueStory] = {}  # as `browse.appearances`, in the same pass
    for issue in issues:
        for story in issue.stories:
            latest[story.story_id] = story
            for item in story.articles:
                if item.day == issue.date:
                    placed[item.stored.id] = (story.story_id, issue.date, item.stored.article)
    order: list[str] = []
    days: dict[str, set[str]] = {}
    best: dict[str, Article] = {}
    for article_id in ids:
        if article_id not in placed:
            continue  # not in any issue yet (not clustered)
        sid, day, article = placed[article_id]
        if sid not in days:
            order.append(sid)
            days[sid] = set()
            best[sid] = article
        days[sid].add(day)
    hits = [
        Hit(latest[sid], tuple(sorted(days[sid])), snippet(best[sid], wanted), best[sid].outlet)
        for sid in order[:limit]
    ]
    if len(hits) < limit:
        allowed = table.passing(conn, filters)
        kept = {i: p for i, p in placed.items() if i in allowed}
        hits += _by_meaning(conn, query, kept, latest, set(order), limit - len(hits))
    return hits


def _by_meaning(
    conn: Connection,
    query: str,
    placed: dict[int, tuple[str, str, Article]],
    latest: dict[str, IssueStory],
    found: set[str],
    limit: int,
) -> list[Hit]:
    """The stories not `found` by their words whose closest article's meaning vector is
    nearest the query's, at least `NEAR`, best first."""
    ids = [i for i, (sid, _, _) in placed.items() if sid not in found]
    stored = vectors.of(conn, ENCODER, ids)
    if not stored:
        return []
    order = list(stored)
    matrix = np.stack([unpack(stored[i]) for i in order])
    cosines = matrix @ encode([query])[0]
    best: dict[str, tuple[float, int]] = {}
    for row in np.argsort(-cosines):
        if cosines[row] < NEAR:
            break
        sid = placed[order[row]][0]
        if sid not in best:
            best[sid] = (float(cosines[row]), order[row])
            if len(best) >= limit:
                break
    days: dict[str, set[str]] = {}
    for sid, day, _ in placed.values():
        if sid in best:
            days.setdefault(sid, set()).add(day)
    hits = []
    for sid, (near, article_id) in best.items():
        article = placed[article_id][2]
        hits.append(Hit(latest[sid], tuple(sorted(days[sid])), article.title, article.outlet,
                        round(near, 2)))  # fmt: skip
    return hits
