"""How alike two articles are: a score from 0 to 1 and the evidence behind it.

Same language: evidence **for** one story, each word weighted by its rarity (`rarity`), so a
shared small company's name counts for far more than a shared «заявил»: the share of the shorter
text's weighted stems found in the other, the same for the headline and the lead, the number of
rare words shared (more when both are whole articles, not a headline with a sentence), shared
figures and quotations. And evidence **against**: the leads give different day-and-month dates,
different figures, or the headlines name different people or places while the rest follows one
template (a forecast for 8 and for 16 November, one press release copied for two regions), or
one headline reports a named person's comment that the other does not (`reaction`: an event and
a comment on it are two stories, by the annotators' guideline). A contradiction counts most
when the headlines agree (`template_dates`, `template_figures`, `template_subjects`): that is a
template. A logistic regression learned from labelled pairs (`python -m lab.scorer`, weights
in `data/scorer.json`) turns the evidence into the probability that the two are one story;
`cluster.min_score` is the bar on it.

A second, plainer judge sits beside it: a **rewrite** (`rewrite`) keeps most of its source's
words and much of its headline, whatever rare detail each outlet adds. Its score is the share of
the shorter text's stems found in the other plus headline overlap and shared figures and
quotations (the grouping's formula before the learned scorer), turned into a probability by a
calibration fitted on real labelled pairs only (`scorer.json`, "rewrite"), which also weighs
whether one outlet published both (`same_outlet`: an outlet tells a story once, then its
developments, so its two pieces must be far closer) and how long the longer text is
(`long_text`: a short text's stems are found in a long one by chance far more often, so a
long text must hold more), and `told`: whether the other tells both who (`names`) and the
specifics (`rare_share`) of the sparser one, as a retelling does; one cast in another event
keeps the names only (docs/BENCHMARKS.md, "Who and the specifics, both told"); and `reaction`,
against. It counts only when nothing speaks against one story (`conflicts`): the probability is
the larger of the two. The learned scorer, fitted largely on generated families and headline
pairs, splits real retellings that this plain overlap joins (docs/BENCHMARKS.md, "A rewrite
judge beside the learned scorer").

Across languages, with no translation to compare through (`across`): what the two mean (their
meaning vectors' cosine), shared proper names (transliterated: «Токаев» meets «Tokayev»), shared
figures («616 млн» meets «616 million») and shared dates.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field, fields
from functools import cached_property, lru_cache
from pathlib import Path

from digest.cluster.across import (
    CROSS,
    MEANING_CENTRE,
    Across,
    cross_evidence,
    cross_score,
    logistic,
    meaning,
    overlap,
)
from digest.cluster.conflicts import against, figure_conflict, reaction, subject_conflict
from digest.cluster.features import Fingerprint
from digest.cluster.rarity import Rarity
from digest.config import ClusterConfig
from digest.text.words import containment

# An article with this many stems beyond its headline and lead is a whole article, not a headline
# with a sentence: the rare words two whole articles share weigh more (`rare_whole`).
WHOLE = 20
QUOTE_MATCH = 0.8  # a quotation counts as shared when 80% of its stems are in the other
# Past this many stems a text is long: the containment of two-story pairs doubles from under
# 150 stems to 150-300 (medians 0.18 and 0.30 on our real pairs, measured on 2026-12-02; docs/
# BENCHMARKS.md, "A long text must hold more"), so the rewrite judge
# asks more of a long text (`long_text`)
LONG_TEXT = 150
WEIGHTS = Path(__file__).with_name("data") / "scorer.json"
FEATURES = (
    "text",  # weighted containment of all stems
    "lead",  # weighted overlap of the headline-and-lead stems
    "title",  # weighted overlap of the headline stems
    "rare",  # log(1 + number of rare stems shared)
    "rare_whole",  # `rare` again when both are whole articles (`WHOLE` stems beyond the lead)
    "rare_share",  # share of the rare stems of the side with fewer that the other shares
    "rare_apart",  # log(1 + rare lead stems each side has that the other text lacks), the larger
    "figures",  # shared distinctive figures (0..1)
    "quotes",  # shared quotations (0..1)
    "date_conflict",  # the leads give day-and-month dates, none in common
    "figure_conflict",  # the headlines' numbers disagree, or the share of the leads' that do
    "template_dates",  # date_conflict where the headlines agree (title x date_conflict)
    "template_figures",  # figure_conflict where the headlines agree (title x figure_conflict)
    "subject_conflict",  # the headlines name people or places the other text never mentions
    "template_subjects",  # subject_conflict where the headlines agree (title x subject_conflict)
    "short",  # one of the two has fewer than `cluster.min_stems` stems
    "reaction",  # one headline reports a named person's comment the other does not (`conflicts`)
)
BESIDE = (  # evidence the learned scorer does not weigh, for the rewrite judge
    "rewrite",  # the rewrite score (`rewrite`)
    "same_outlet",  # one outlet published both: it tells a story once, then its developments
    "long_text",  # log(the longer text's stems / `LONG_TEXT`), 0 below it
    "subject_template",  # subject_conflict in headlines that are one template: a veto
    "names",  # share of the names of the side with fewer that the other names too
    "told",  # names x rare_share: who and the specifics of the sparser side, both told
    "meaning",  # the headline-and-lead vectors' cosine less `MEANING_CENTRE` (0 when unknown)
    "meant",  # `meaning` between two outlets' articles (0 for one outlet's two: see `evidence`)
)


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
    evidence: dict[str, float] = field(default_factory=dict)
    against: tuple[str, ...] = ()  # the evidence against, in words
    by_rewrite: bool = False  # the rewrite judge, not the learned scorer, gave the score

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
        if self.evidence:
            out["evidence"] = {k: round(v, 3) for k, v in self.evidence.items()}
        if self.against:
            out["against"] = list(self.against)
        if self.by_rewrite:
            out["by"] = "rewrite"
        if self.cross_language:
            out["cross_language"] = True
        if self.through_translation:
            out["cross_language"] = True
            out["through_translation"] = True
        return out


# The rewrite score's parts (`rewrite`): headline overlap, shared figures and quotations.
REWRITE_TITLE = 0.4
REWRITE_FIGURE, REWRITE_MAX_FIGURES = 0.05, 0.25
REWRITE_QUOTE, REWRITE_MAX_QUOTES = 0.1, 0.2


def vetoed(evidence: dict[str, float]) -> bool:
    """Something speaks against one story: the leads' dates or figures conflict, or the
    headlines are one template with other people or places in it."""
    return bool(
        evidence["date_conflict"]
        or evidence["figure_conflict"] >= 0.5
        or evidence["subject_template"]
    )


@dataclass(frozen=True)
class Calibration:
    """The rewrite judge's logistic: the weight of `rewrite`, the bias, and a weight for each
    later field (`CALIBRATED`). scorer.json must give the weight and the bias; a later column
    it lacks weighs nothing."""

    weight: float
    bias: float
    same_outlet: float = 0.0
    long_text: float = 0.0
    names: float = 0.0
    told: float = 0.0
    reaction: float = 0.0
    meant: float = 0.0

    def probability(self, evidence: dict[str, float]) -> float:
        z = self.weight * evidence["rewrite"]
        for column in CALIBRATED:
            z += getattr(self, column) * evidence[column]
        return logistic(z + self.bias)


CALIBRATED = tuple(f.name for f in fields(Calibration))[2:]  # weighed beside the rewrite score


@dataclass(frozen=True)
class Scorer:
    """A learned logistic regression over `FEATURES`, and the rewrite score's calibration
    (none: the rewrite judge is off)."""

    weights: tuple[float, ...]
    bias: float
    rewrite: Calibration | None = None
    across: Across | None = None

    @cached_property
    def unused(self) -> frozenset[str]:
        """Features with no weight (and the rewrite judge's columns when it is off or gives
        them none): `score` need not compute them."""
        judge = self.rewrite
        off = {"rewrite"} if judge is None else set()
        off |= {c for c in CALIBRATED if not getattr(judge, c, 0.0)}
        return frozenset(off).union(f for f, w in zip(FEATURES, self.weights, strict=True) if not w)

    @cached_property
    def deferred(self) -> frozenset[str]:
        """What `score` leaves out of the first pass: the unused features and the rewrite
        score, which it computes only where nothing vetoes it."""
        return self.unused | {"rewrite"}

    @cached_property
    def used(self) -> tuple[tuple[str, float], ...]:
        """The features with a weight, and their weights."""
        return tuple((f, w) for f, w in zip(FEATURES, self.weights, strict=True) if w != 0.0)

    def learned(self, evidence: dict[str, float]) -> float:
        """The learned scorer's probability alone. One outlet's two articles are held to the
        odds the calibration gives one outlet (its `same_outlet` weight): the learned scorer is
        fitted mostly on pairs whose outlets are unknown, and an outlet tells a story once, then
        its developments (one story in 12 of our 109 labelled real pairs of one outlet, 204 of
        557 of two: a log odds ratio of -1.5)."""
        z = self.bias
        for feature, weight in self.used:
            z += weight * evidence[feature]
        if self.rewrite is not None:
            z += self.rewrite.same_outlet * evidence["same_outlet"]
        return logistic(z)

    def rewritten(self, evidence: dict[str, float]) -> float:
        """The rewrite judge's probability: 0 when it is off or something speaks against."""
        if self.rewrite is None or vetoed(evidence):
            return 0.0
        return self.rewrite.probability(evidence)

    def probability(self, evidence: dict[str, float]) -> float:
        return max(self.learned(evidence), self.rewritten(evidence))


@lru_cache(maxsize=1)
def scorer() -> Scorer:
    data = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    weights = data["weights"]
    found = data.get("rewrite")
    own = {f.name for f in fields(Calibration)}
    rewrite = Calibration(**{k: float(v) for k, v in found.items() if k in own}) if found else None
    cross = data.get("across")
    across = Across(tuple(float(cross[c]) for c in CROSS), float(cross["bias"])) if cross else None
    learned = tuple(float(weights.get(f, 0.0)) for f in FEATURES)
    return Scorer(learned, float(data["bias"]), rewrite, across)


def _shared_mass(shared: frozenset[str], idf: dict[str, float]) -> float:
    return sum(map(idf.__getitem__, shared))


def _ratio(shared: float, a: float, b: float, floor: float = 0.0) -> float:
    smaller = min(a, b)
    return shared / max(floor, smaller) if smaller > 0 else 0.0


def _shared_quotes(a: Fingerprint, b: Fingerprint) -> int:
    return sum(1 for q in a.quotes if any(containment(q, r) >= QUOTE_MATCH for r in b.quotes))


def rewrite(a: Fingerprint, b: Fingerprint, cfg: ClusterConfig) -> float:
    """The plain overlap a rewrite keeps (0..1): the share of the shorter text's stems found in
    the other (halved when one is short), headline overlap, and bounded bonuses for shared
    figures and quotations."""
    value = containment(a.stems, b.stems)
    if min(len(a.stems), len(b.stems)) < cfg.min_stems:
        value *= 0.5  # a handful of words is in every long article: demand far more
    value += REWRITE_TITLE * overlap(a.title, b.title)
    value += min(REWRITE_MAX_FIGURES, REWRITE_FIGURE * len(a.figures & b.figures))
    if a.quotes and b.quotes:
        value += min(REWRITE_MAX_QUOTES, REWRITE_QUOTE * _shared_quotes(a, b))
    return min(1.0, value)


def evidence(
    a: Fingerprint,
    b: Fingerprint,
    cfg: ClusterConfig,
    rarity: Rarity,
    skip: frozenset[str] = frozenset(),
) -> dict[str, float]:
    """The evidence for and against one story, same language, as `FEATURES` values and the
    `rewrite` score. Those in `skip` (the scorer gives them no weight) are left at 0 to save
    the work."""
    wa, wb = rarity.weights(a), rarity.weights(b)
    rare = len(wa.rare & wb.rare)
    # rare stems of each headline and lead that the other text never uses: another place,
    # company or person where a template has its slot
    apart = max(len(wa.lead_rare - b.stems), len(wb.lead_rare - a.stems))
    found = dict.fromkeys((*FEATURES, *BESIDE), 0.0)
    if "text" not in skip:
        found["text"] = _ratio(_shared_mass(a.stems & b.stems, wa.idf), wa.total, wb.total)
    if "rewrite" not in skip:
        found["rewrite"] = rewrite(a, b, cfg)
    if "lead" not in skip:
        found["lead"] = _ratio(_shared_mass(a.lead & b.lead, wa.idf), wa.lead, wb.lead)
    shared_title = a.title & b.title
    if shared_title:
        found["title"] = _ratio(_shared_mass(shared_title, wa.idf), wa.title, wb.title, 15.0)
    found["rare"] = math.log1p(rare)
    if min(a.body_stems, b.body_stems) >= WHOLE:
        found["rare_whole"] = found["rare"]
    found["rare_share"] = rare / min(len(wa.rare), len(wb.rare)) if rare else 0.0
    found["rare_apart"] = math.log1p(apart)
    found["figures"] = min(3, len(a.figures & b.figures)) / 3
    if a.quotes and b.quotes:
        found["quotes"] = min(2, _shared_quotes(a, b)) / 2
    found["date_conflict"] = float(
        bool(a.lead_dates and b.lead_dates) and not a.lead_dates & b.lead_dates
    )
    found["figure_conflict"] = figure_conflict(a, b)
    # a contradiction weighs most inside one template: the same headline, another day's figures
    found["template_dates"] = found["date_conflict"] * found["title"]
    found["template_figures"] = found["figure_conflict"] * found["title"]
    conflict, template = subject_conflict(a, b)
    found["subject_conflict"] = float(conflict)
    found["template_subjects"] = found["subject_conflict"] * found["title"]
    found["subject_template"] = float(template)  # the veto's: other subjects in one template
    found["short"] = float(min(len(a.stems), len(b.stems)) < cfg.min_stems)
    found["same_outlet"] = float(bool(a.outlet) and a.outlet == b.outlet)
    found["long_text"] = math.log(max(LONG_TEXT, len(a.stems), len(b.stems)) / LONG_TEXT)
    if not {"names", "told"} <= skip:
        found["names"] = containment(a.names, b.names)
        found["told"] = found["names"] * found["rare_share"]
    if "reaction" not in skip:
        found["reaction"] = float(bool(reaction(a, b)))
    if a.vector is not None and b.vector is not None:
        found["meaning"] = meaning(a, b) - MEANING_CENTRE
    # one outlet's second piece on a story means what its first did, development or not: the
    # judge weighs meaning only between two outlets
    found["meant"] = 0.0 if found["same_outlet"] else found["meaning"]
    return found


def _translated_score(a: Fingerprint, b: Fingerprint, cfg: ClusterConfig, rarity: Rarity) -> float:
    """Through a machine translation of one side's headline and summary: how much of the
    shorter side's weighted stems the other holds (halved when it is short). A translation
    chooses its own words and headline, so the learned scorer, fitted on articles as written,
    does not apply; a summary wholly contained in the article it retells does."""
    wa, wb = rarity.weights(a), rarity.weights(b)
    value = _ratio(_shared_mass(a.stems & b.stems, wa.idf), wa.total, wb.total)
    return value * 0.5 if min(len(a.stems), len(b.stems)) < cfg.min_stems else value


def score(
    a: Fingerprint,
    b: Fingerprint,
    cfg: ClusterConfig,
    rarity: Rarity,
    translated: bool = False,
) -> float:
    """The score alone: the one place the formula lives. `translated`: one side is a machine
    translation of the other article's headline and summary."""
    if a.language != b.language:
        return cross_score(a, b, cfg, scorer().across)
    if translated:
        return _translated_score(a, b, cfg, rarity)
    model = scorer()
    found = evidence(a, b, cfg, rarity, model.deferred)
    if model.rewrite is not None and not vetoed(found):  # else the rewrite judge is silent
        found["rewrite"] = rewrite(a, b, cfg)
    return model.probability(found)


def compare(
    a: Fingerprint,
    b: Fingerprint,
    cfg: ClusterConfig,
    rarity: Rarity,
    translated: bool = False,
) -> Match:
    """The score with its evidence; `cfg.min_score` decides whether they are one story."""
    figures = tuple(sorted(a.figures & b.figures))
    names = tuple(sorted(a.names & b.names))
    if a.language != b.language:
        dates = tuple(sorted(a.dates & b.dates))
        known = a.vector is not None and b.vector is not None
        value = cross_score(a, b, cfg, scorer().across)
        return Match(value, 0.0, 0.0, figures, names, dates, cross_language=True,
                     evidence=cross_evidence(a, b) if known else {})  # fmt: skip
    found = evidence(a, b, cfg, rarity)
    if translated:
        value = _translated_score(a, b, cfg, rarity)
        return Match(value, found["text"], found["title"], figures, names, (), 0,
                     through_translation=True, evidence=found)  # fmt: skip
    model = scorer()
    learned, rewritten = model.learned(found), model.rewritten(found)
    return Match(
        max(learned, rewritten), found["text"], found["title"], figures, names, (),
        _shared_quotes(a, b), evidence=found, against=against(a, b, found),
        by_rewrite=rewritten > learned,
    )  # fmt: skip
