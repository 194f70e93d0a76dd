"""How alike two articles are: a score from 0 to 1 and the evidence behind it.

Same language: the share of the shorter article's content-word stems found in the longer one
(containment: a rewrite keeps its source's vocabulary while sharing few exact phrases, so this
catches what shingle overlap misses), plus headline similarity, plus bounded bonuses for shared
distinctive figures and shared quotations.

Across languages, with no translation to compare through: shared proper names (transliterated:
«Токаев» meets «Tokayev»), shared figures («616 млн» meets «616 million») and shared dates.
"""

from __future__ import annotations

from dataclasses import dataclass

from digest.cluster.features import Fingerprint
from digest.config import ClusterConfig

QUOTE_MATCH = 0.8  # a quotation counts as shared when 80% of its stems are in the other


@dataclass(frozen=True)
class Match:
    score: float
    containment: float
    title: float
    shared_figures: tuple[str, ...] = ()
    shared_names: tuple[str, ...] = ()
    shared_dates: tuple[str, ...] = ()
    shared_quotes: int = 0
    cross_language: bool = False
    through_translation: bool = False

    def why(self) -> dict[str, object]:
        out: dict[str, object] = {
            "score": round(self.score, 3),
            "containment": round(self.containment, 3),
            "title": round(self.title, 3),
            "shared_figures": list(self.shared_figures),
            "shared_names": list(self.shared_names),
            "shared_dates": list(self.shared_dates),
            "shared_quotes": self.shared_quotes,
        }
        if self.cross_language:
            out["cross_language"] = True
        if self.through_translation:
            out["cross_language"] = True
            out["through_translation"] = True
        return out


def containment(a: frozenset[str], b: frozenset[str]) -> float:
    """Share of the smaller set found in the larger one (0 when either is empty)."""
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    return len(small & large) / len(small) if small else 0.0


def overlap(a: frozenset[str], b: frozenset[str], floor: int = 3) -> float:
    """Like containment, but a set of fewer than `floor` items cannot reach 1 by itself."""
    if not a or not b:
        return 0.0
    return len(a & b) / max(floor, min(len(a), len(b)))


def _shared_quotes(a: Fingerprint, b: Fingerprint) -> int:
    return sum(1 for q in a.quotes if any(containment(q, r) >= QUOTE_MATCH for r in b.quotes))


def _containment(a: Fingerprint, b: Fingerprint, cfg: ClusterConfig) -> float:
    cont = containment(a.stems, b.stems)
    if min(len(a.stems), len(b.stems)) < cfg.min_stems:
        cont *= 0.5  # a handful of words is in every long article: demand far more
    return cont


def score(a: Fingerprint, b: Fingerprint, cfg: ClusterConfig) -> float:
    """The score, cheaply (no evidence gathered): the one place the formula lives."""
    fig_bonus = min(cfg.max_figure_bonus, cfg.figure_weight * len(a.figures & b.figures))
    if a.language != b.language:
        date_bonus = min(2, len(a.dates & b.dates)) * cfg.cross_date_weight
        name_sim = overlap(a.names, b.names, floor=5)
        return min(1.0, cfg.cross_name_weight * name_sim + fig_bonus + date_bonus)
    quote_bonus = 0.0
    if a.quotes and b.quotes:
        quote_bonus = min(cfg.max_quote_bonus, cfg.quote_weight * _shared_quotes(a, b))
    title = cfg.title_weight * overlap(a.title, b.title)
    return min(1.0, _containment(a, b, cfg) + title + fig_bonus + quote_bonus)


def compare(a: Fingerprint, b: Fingerprint, cfg: ClusterConfig) -> Match:
    """The score with its evidence; `cfg.min_score` decides whether they are one story."""
    value = score(a, b, cfg)
    figures = tuple(sorted(a.figures & b.figures))
    names = tuple(sorted(a.names & b.names))
    if a.language != b.language:
        dates = tuple(sorted(a.dates & b.dates))
        return Match(value, 0.0, 0.0, figures, names, dates, cross_language=True)
    cont, title = _containment(a, b, cfg), overlap(a.title, b.title)
    return Match(value, cont, title, figures, names, (), _shared_quotes(a, b))
