"""Figures that disagree (#21): within one story, two outlets giving different numbers for the
same fact («30 млрд долларов» against «25 млрд долларов» of investment; 4 against 5 dead).

A figure is a number with what it counts: a unit (млрд, млн, тыс, %) and the currency or noun
after it, or the counted noun itself («4 человека»), with the words before it in its clause
(«инвестиции составят»). Two figures describe the same thing when they count the same unit of
the same thing and share a word before them; they disagree when their numbers differ by more
than `NEAR` (rounding and updates within 5 % are one figure). Not compared: a clause telling a
forecast or an expectation («аналитики ожидали…»), a range («от 20 до 30», «20–30»), years and
dates, and sentences naming different dates or years. Pure: texts in, disagreements out."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations

from digest.text.basics import sentences
from digest.text.words import is_month, stems, unit_of, without_forecasts

NEAR = 0.05
BEFORE = 6  # words before a figure, inside its clause, that say what it is
MAX_ARTICLES = 30  # of one day, compared pairwise
TEXT_CHARS = 6_000  # of each article: the facts are told early

_TOKEN = re.compile(r"[0-9]+(?:[ \u00a0\u202f][0-9]{3})*(?:[.,][0-9]+)?|[^\W\d_]+|[%$€₸₽–—-]")
_MONEY = {"$": "$", "доллар": "$", "dollar": "$", "usd": "$", "€": "€", "евро": "€",
          "euro": "€", "₸": "тенге", "тенге": "тенге", "tenge": "тенге", "₽": "руб",
          "рубл": "руб", "руб": "руб", "ruble": "руб", "сум": "сум", "som": "сом",
          "сом": "сом"}  # fmt: skip
_RANGE_BEFORE = {"от", "from", "between", "с"}
# A bound or an estimate is no figure to contradict: «до 40», «более 140», "up to 40"
_BOUND = {"до", "около", "более", "свыше", "почти", "порядка", "примерно", "менее", "больше",
          "меньше", "приблизительно", "up", "about", "over", "nearly", "almost", "around",
          "approximately", "some", "than"}  # fmt: skip
# Words of change or of being that say nothing of what a figure counts («выросла на 42 %»)
_GENERIC = {"вырос", "выросл", "увелич", "снизил", "сниз", "сократ", "сократил", "состав",
            "составил", "достиг", "превыс", "упал", "упа", "повыс", "повысил", "подня", "понизил",
            "итог", "итогам", "время", "этом", "также", "всег", "общ", "ещ", "год", "года",
            "rose", "fell", "increas", "decreas", "reach", "total", "year"}  # fmt: skip
_CLAUSE = re.compile(r"[,;:()—–«»\"]")
_RANGE_AFTER = {"до", "to", "and", "–", "—", "-", "или", "or"}
_DIGIT = re.compile(r"[0-9]")
_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")


@dataclass(frozen=True)
class Figure:
    value: float
    shown: str  # as written: «30 млрд долларов»
    what: str  # the unit or the counted noun's stem
    of: str  # the currency or the stem of the noun after the unit ("" for none)
    context: frozenset[str]  # stems of the words before it in its clause
    dated: frozenset[str]  # the years and day-months its sentence names
    written: tuple[tuple[str, str], ...] = ()  # (stem, word as written) of `context`


@dataclass(frozen=True)
class Disagreement:
    about: str  # the words before the figures that both share, as the first wrote them
    figures: tuple[tuple[str, str], ...]  # (outlet, figure as written), one per outlet


def _number(token: str) -> float | None:
    if not "0" <= token[0] <= "9":
        return None
    return float(re.sub(r"[ \u00a0\u202f]", "", token).replace(",", "."))


def _lookup(table: dict[str, str], word: str) -> str:
    low = word.lower()
    return next((v for k, v in table.items() if low.startswith(k)), "")


def _sentence_figures(sentence: str, language: str) -> list[Figure]:
    if not _DIGIT.search(sentence):
        return []
    dated = frozenset(_YEAR.findall(sentence)) | frozenset(
        w.lower()[:5] for w in _TOKEN.findall(sentence) if w[0].isalpha() and is_month(w)
    )
    return [f for clause in _CLAUSE.split(sentence) for f in _clause_figures(clause, language,
                                                                              dated)]  # fmt: skip


def _clause_figures(clause: str, language: str, dated: frozenset[str]) -> list[Figure]:
    tokens = _TOKEN.findall(clause)
    found = []
    skip = set()
    for i, token in enumerate(tokens):
        value = _number(token)
        if value is None or i in skip:
            continue
        before = tokens[max(0, i - 2) : i]
        after = tokens[i + 1 : i + 4]
        if before and before[-1].lower() in _RANGE_BEFORE | _BOUND:
            continue  # «от 20 до 30», «до 40»: a range or a bound, not a figure
        if len(after) >= 2 and after[0].lower() in _RANGE_AFTER and _number(after[1]) is not None:
            skip.add(i + 2)
            continue
        year = 1950 <= value <= 2100 and "." not in token and "," not in token
        if not after or is_month(after[0]) or year:
            continue  # a date or a year
        money = _lookup(_MONEY, before[-1]) if before and before[-1] in "$€₸₽" else ""
        unit = unit_of(after[0])
        rest = after[1:] if unit else after
        if unit:
            of = money or (_lookup(_MONEY, rest[0]) if rest else "") or ""
            if not of and rest and rest[0][0].isalpha():
                of = next(iter(stems(rest[0], language)), "")
            if not of and unit != "%":
                continue  # «20 млн и 30 млн»: millions of what is not said here
            what = unit
        else:
            of = money
            what = next(iter(stems(after[0], language)), "") if after[0][0].isalpha() else ""
        if not what:
            continue
        said = [w for w in tokens[:i] if w[0].isalpha() and len(w) > 2][-BEFORE:]  # words before
        written = tuple((s, w) for w in said for s in stems(w, language) if s not in _GENERIC)
        context = frozenset(s for s, _ in written)
        shown = " ".join([*([before[-1]] if money else []), token, *after[: 2 if unit else 1]])
        found.append(Figure(value, shown, what, of, context, dated, written))
    return found


def figures_of(text: str, language: str) -> list[Figure]:
    """The figures of a text (its first `TEXT_CHARS`), forecasts and ranges left out."""
    if not _DIGIT.search(text[:TEXT_CHARS]):
        return []
    return [
        f
        for s in sentences(text[:TEXT_CHARS])
        if without_forecasts(s) == s  # a sentence that tells a forecast tells no fact
        for f in _sentence_figures(s, language)
    ]


@lru_cache(maxsize=4096)
def _cached(text: str, language: str) -> list[Figure]:
    return figures_of(text, language)


def _head(f: Figure) -> str:
    """The first word of a figure's clause before it: mostly what the figure is of («Выручка
    компании составила…», «Чистая прибыль компании составила…»)."""
    return f.written[0][0] if f.written else ""


def same_thing(f: Figure, g: Figure) -> bool:
    """Whether two figures can be of one fact: the same unit of the same thing, told after the
    same first word (or one's first word among the other's), in sentences of the same dates."""
    return (
        f.what == g.what
        and f.of == g.of
        and (_head(f) in g.context or _head(g) in f.context)
        and bool(f.context & g.context)
        and f.dated == g.dated  # a figure of another date or year is another fact
    )


def _near(x: float, y: float) -> bool:
    return abs(x - y) <= NEAR * max(abs(x), abs(y))


def _gives(figures: list[Figure], f: Figure) -> bool:
    """Whether `figures` hold `f`'s number of its unit anywhere (then the two texts agree on it,
    and a different number is of another fact: «снял 29 млн», «получили 79 млн»)."""
    return any(h.what == f.what and h.of == f.of and _near(h.value, f.value) for h in figures)


def between(mine: list[Figure], theirs: list[Figure]) -> list[tuple[Figure, Figure]]:
    """Each pair of figures of the same thing that differ, when neither text also gives the
    other's number (`_gives`)."""
    out = []
    for f in mine:
        for g in theirs:
            if not same_thing(f, g) or _near(f.value, g.value):
                continue
            if _gives(mine, g) or _gives(theirs, f):
                continue
            out.append((f, g))
    return out


def disagreements(articles: Sequence[tuple[str, str, str, str]]) -> tuple[Disagreement, ...]:
    """Within one story, of (outlet, day, text, language) oldest first: the figures two
    outlets give differently on the same day (a later day's other number is an update)."""
    recent = articles[-MAX_ARTICLES:]
    outlets: dict[str, set[str]] = {}
    for outlet, day, _, _ in recent:
        outlets.setdefault(day, set()).add(outlet)
    parsed = [
        (o, d, _cached(t[:TEXT_CHARS], lang)) for o, d, t, lang in recent if len(outlets[d]) > 1
    ]  # only the days two outlets told: a story's pages are written often, its texts parsed once
    found: dict[tuple[str, str, str], dict[str, str]] = {}
    for (oa, da, fa), (ob, db, fb) in combinations(parsed, 2):
        if oa == ob or da != db:
            continue
        for f, g in between(fa, fb):
            about = " ".join(dict.fromkeys(w for s, w in f.written if s in g.context))
            key = (f.what, f.of, about)
            values = found.setdefault(key, {})
            values.setdefault(oa, f.shown)
            values.setdefault(ob, g.shown)
    return tuple(
        Disagreement(about, tuple(values.items())) for (_, _, about), values in found.items()
    )
