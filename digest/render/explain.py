"""Explaining a story: which article is the original, and which passages a rewrite shares.

The original is the article the others cite («со ссылкой на Sputnik», «Источник - КП») when
one of the story's articles is by a cited outlet, else the earliest. Passages are computed when
an issue is rendered, for the articles shown, not while clustering.
"""

from __future__ import annotations

from collections.abc import Sequence

from digest.models import Article
from digest.text.basics import sentences
from digest.text.words import containment, stems

PASSAGE_MIN_STEMS = 6
PASSAGE_MATCH = 0.6


def _norm(name: str) -> str:
    return name.lower().strip(' «»"').removeprefix("www.")


def original_index(articles: Sequence[Article]) -> int:
    """Index of the story's original among `articles` (ordered oldest first)."""
    cited = {_norm(c) for a in articles for c in a.cites}
    for i, a in enumerate(articles):
        if a.outlet and _norm(a.outlet) in cited:
            return i
    return 0


def passages(rewrite: Article, source: Article, limit: int = 2) -> list[dict[str, object]]:
    """The sentences of `rewrite` that most closely retell sentences of `source`."""
    if rewrite.language != source.language:
        return []
    theirs = [(s, stems(s, source.language)) for s in sentences(source.body)]
    theirs = [(s, st) for s, st in theirs if len(st) >= PASSAGE_MIN_STEMS]
    found: list[tuple[float, str, str]] = []
    for mine in sentences(rewrite.body):
        own = stems(mine, rewrite.language)
        if len(own) < PASSAGE_MIN_STEMS:
            continue
        best = max(((containment(own, st), s) for s, st in theirs), default=(0.0, ""))
        if best[0] >= PASSAGE_MATCH:
            found.append((best[0], mine, best[1]))
    found.sort(key=lambda f: -f[0])
    return [{"text": m, "source_text": s, "overlap": round(o, 2)} for o, m, s in found[:limit]]
