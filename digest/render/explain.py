"""Explaining a story: which article is the original, and which passages a rewrite shares.

The original is the article the others cite («со ссылкой на Sputnik», «Источник - КП») when
one of the story's articles is by a cited outlet, else the earliest. Passages are computed when
an issue is rendered, for the articles shown, not while clustering.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from digest.models import Article
from digest.render.i18n import Strings
from digest.text.basics import sentences
from digest.text.words import containment, stems

SAID_SHARE = 10  # word stems in common (%) below which the "why" does not mention them
SAID_HEADLINE = 0.2  # nor the headlines' likeness
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


def why_line(why: Mapping[str, object], s: Strings) -> str:
    """The first line of an article's "why" in an analyst's words: the article it matched (its
    outlet and headline), the score, and only the evidence that speaks for the match (a
    cross-language match shares no words, so "0% of its word stems" is not said)."""
    title, outlet = why.get("matched_title"), why.get("matched_outlet")
    source = f"{outlet} «{title}»" if title else str(why.get("matched", ""))
    reasons = []
    meaning = why.get("meaning")
    if isinstance(meaning, float) and meaning > 0:
        reasons.append(s.t("why_meaning", meaning=f"{meaning:.2f}"))
    share = round(float(str(why.get("containment", 0.0))) * 100)
    if share >= SAID_SHARE:
        reasons.append(s.t("why_share", share=share))
    headline = float(str(why.get("title", 0.0)))
    if headline >= SAID_HEADLINE:
        reasons.append(s.t("why_headline", title=f"{headline:.2f}"))
    score = f"{float(str(why.get('score', 0.0))):.2f}"
    line = s.t("why_matched", source=source, score=score)
    return f"{line}: {', '.join(reasons)}." if reasons else f"{line}."
