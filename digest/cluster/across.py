"""Across languages, and what two articles mean: the meaning vectors' cosine (`meaning`), the
evidence that does not depend on the words (`cross_evidence`: meaning, names transliterated,
figures, dates), the configured names-figures-dates score (`cross_plain`) and the learned
cross-language probability (`Across`, fitted by `python -m lab.across`)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from digest.cluster.features import Fingerprint
from digest.config import ClusterConfig

# The cosine of two articles' meaning vectors is evidence for one story above this and against
# below it: about midway between the medians of our real one-story (0.65-0.75) and two-story
# (0.30-0.50) pairs (`python -m lab.scorer`), so an unknown vector (0) weighs nothing either way
MEANING_CENTRE = 0.5


def overlap(a: frozenset[str], b: frozenset[str], floor: int = 3) -> float:
    """Like containment, but a set of fewer than `floor` items cannot reach 1 by itself."""
    if not a or not b:
        return 0.0
    return len(a & b) / max(floor, min(len(a), len(b)))


def logistic(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def meaning(a: Fingerprint, b: Fingerprint) -> float:
    """The cosine of the two articles' meaning vectors, 0 when either is unknown."""
    if a.vector is None or b.vector is None:
        return 0.0
    return float(a.vector @ b.vector)


def cross_evidence(a: Fingerprint, b: Fingerprint) -> dict[str, float]:
    """Across languages, what does not depend on the words: the meaning vectors' cosine (less
    `MEANING_CENTRE`, 0 when either is unknown), proper names transliterated, distinctive
    figures and day-and-month dates shared, and the leads' dates disagreeing (against)."""
    known = a.vector is not None and b.vector is not None
    return {
        "meaning": meaning(a, b) - MEANING_CENTRE if known else 0.0,
        "names": overlap(a.names, b.names, floor=5),
        "figures": min(3, len(a.figures & b.figures)) / 3,
        "dates": min(2, len(a.dates & b.dates)) / 2,
        "date_conflict": float(
            bool(a.lead_dates and b.lead_dates) and not a.lead_dates & b.lead_dates
        ),
    }


CROSS = ("meaning", "names", "figures", "dates", "date_conflict")  # `Across`'s columns


def cross_plain(a: Fingerprint, b: Fingerprint, cfg: ClusterConfig) -> float:
    """Across languages by the configured weights: shared names, figures and dates."""
    fig_bonus = min(cfg.max_figure_bonus, cfg.figure_weight * len(a.figures & b.figures))
    date_bonus = min(2, len(a.dates & b.dates)) * cfg.cross_date_weight
    name_sim = overlap(a.names, b.names, floor=5)
    return min(1.0, cfg.cross_name_weight * name_sim + fig_bonus + date_bonus)


@dataclass(frozen=True)
class Across:
    """The cross-language logistic over `CROSS` (scorer.json, "across"), fitted on Russian
    articles and their own English versions against the English of another article sharing
    names (`python -m lab.wmt`, `python -m lab.across`)."""

    weights: tuple[float, ...]
    bias: float

    def probability(self, evidence: dict[str, float]) -> float:
        z = self.bias + sum(w * evidence[c] for c, w in zip(CROSS, self.weights, strict=True))
        return logistic(z)


def cross_score(a: Fingerprint, b: Fingerprint, cfg: ClusterConfig, across: Across | None) -> float:
    """Names, figures and dates by the configured weights; where both meaning vectors are
    known, the larger of that and the learned cross-language probability (`across`)."""
    plain = cross_plain(a, b, cfg)
    if across is None or a.vector is None or b.vector is None:
        return plain
    return max(plain, across.probability(cross_evidence(a, b)))
