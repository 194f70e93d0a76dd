"""How alike two articles are, from their texts alone.

The main signal is containment: the share of the shorter article's content-word stems
(Snowball stemmer, so «газопровода» and «газопровод» count as one word) that also occur in the
longer one. Rewrites keep most of the source's vocabulary while sharing few exact phrases,
so containment catches them where shingle overlap does not. Shared distinctive figures
(«616 млн», «57 млрд», «95 %»; not years) add a bounded bonus.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

from digest.config import ClusterConfig
from digest.models import Article

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_NUMBER = re.compile(r"(?<![\w.,])(\d+(?:[.,]\d+)?)(?:\s*(%|[^\W\d_]+))?")
_MONTHS = re.compile(
    r"^(?:январ|феврал|март|апрел|ма[яй]|июн|июл|август|сентябр|октябр|ноябр|декабр|"
    r"january|february|march|april|may|june|july|august|september|october|november|december)",
    re.IGNORECASE,
)
_UNITS = {
    "%": "%",
    "процент": "%",
    "percent": "%",
    "тыс": "тыс",
    "thousand": "тыс",
    "млн": "млн",
    "миллион": "млн",
    "million": "млн",
    "mln": "млн",
    "млрд": "млрд",
    "миллиард": "млрд",
    "billion": "млрд",
    "bn": "млрд",
    "трлн": "трлн",
    "триллион": "трлн",
    "trillion": "трлн",
}
MIN_STEM = 4  # shorter stems are mostly function words in both languages


@lru_cache(maxsize=2)
def _stemmer(language: str) -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("russian" if language == "ru" else "english")


@dataclass(frozen=True)
class Fingerprint:
    """What the comparison needs of an article, computed once."""

    stems: frozenset[str]
    figures: frozenset[str]


@dataclass(frozen=True)
class Match:
    score: float
    containment: float
    shared_figures: tuple[str, ...]


def stems(text: str, language: str) -> frozenset[str]:
    words = [w.lower().replace("ё", "е") for w in _WORD.findall(text)]
    return frozenset(s for s in _stemmer(language).stemWords(words) if len(s) >= MIN_STEM)


def _unit(word: str | None) -> str:
    if not word:
        return ""
    low = word.lower()
    for prefix, unit in _UNITS.items():
        if low.startswith(prefix):
            return unit
    return ""


def figures(text: str) -> frozenset[str]:
    """Distinctive figures: numbers with a unit («57 млрд», «95 %»), decimals, and bare numbers
    of three digits or more, leaving out years and dates."""
    found: set[str] = set()
    for m in _NUMBER.finditer(text):
        number, after = m.group(1).replace(",", "."), m.group(2)
        if after and _MONTHS.match(after):
            continue  # «12 ноября» is a date, not a figure
        unit = _unit(after)
        value = float(number)
        if not unit and "." not in number and (value < 100 or 1900 <= value <= 2100):
            continue  # bare small counts and years are in every article
        found.add(f"{number} {unit}".strip())
    return frozenset(found)


def fingerprint(article: Article) -> Fingerprint:
    text = f"{article.title}\n{article.body}"
    return Fingerprint(stems(text, article.language), figures(text))


def containment(a: frozenset[str], b: frozenset[str]) -> float:
    """Share of the smaller set found in the larger one (0 when either is empty)."""
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    return len(small & large) / len(small) if small else 0.0


def compare(a: Fingerprint, b: Fingerprint, cfg: ClusterConfig) -> Match:
    """Score two articles 0..1; `cfg.min_score` decides whether they are one story."""
    cont = containment(a.stems, b.stems)
    if min(len(a.stems), len(b.stems)) < cfg.min_stems:
        cont *= 0.5  # a handful of words is in every long article: demand far more
    shared = tuple(sorted(a.figures & b.figures))
    bonus = min(cfg.max_figure_bonus, cfg.figure_weight * len(shared))
    return Match(min(1.0, cont + bonus), cont, shared)
