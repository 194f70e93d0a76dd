"""Evidence against one story: what two articles' headlines and leads contradict each other on
(dates are compared in `similarity.evidence`): the figures that count the same thing, the
people or places each headline names that the other article never mentions, and a named
person's comment against the event it comments on; and that evidence in words (`against`).
"""

from __future__ import annotations

from digest.cluster.features import MENTION, Counted, Fingerprint
from digest.text.words import containment, name_key, spell_date

NEAR = 0.05  # counts this close are one figure rounded or updated («более 140» / «более 143»)


def _near(mine: frozenset[str], theirs: frozenset[str]) -> bool:
    """Whether some number of one is within `NEAR` of some number of the other."""
    for x in map(float, mine):
        for y in map(float, theirs):
            if abs(x - y) <= NEAR * max(x, y):
                return True
    return False


def contradicted(a: Counted, b: Counted) -> list[str]:
    """What both count with no number the same or near (`NEAR`): «6 человек» / «9 человек»."""
    if not a or not b:
        return []
    theirs = dict(b)
    return [what for what, numbers in a if what in theirs and not _near(numbers, theirs[what])]


def figure_conflict(a: Fingerprint, b: Fingerprint) -> float:
    """1 when the headlines count one thing with different numbers; else the share of the
    things both leads count that they count differently (0 when they count nothing alike)."""
    if contradicted(a.title_figures, b.title_figures):
        return 1.0
    if not a.lead_figures or not b.lead_figures:
        return 0.0
    common = len({w for w, _ in a.lead_figures} & {w for w, _ in b.lead_figures})
    return len(contradicted(a.lead_figures, b.lead_figures)) / common if common else 0.0


def unmentioned(a: Fingerprint, b: Fingerprint) -> frozenset[str]:
    """The name keys of `a`'s headline that `b` never mentions, in any case ending: keys meet
    on their first `MENTION` letters, so «Кореи» finds «Корее» and «Марии» finds «Мария»."""
    return frozenset(k for k, _ in a.title_names if k[:MENTION] not in b.mentioned)


SAME_TEMPLATE = 0.75  # the share of a headline's other words in the other that makes a template


def subject_conflict(a: Fingerprint, b: Fingerprint) -> tuple[bool, bool]:
    """Whether each headline names someone or somewhere the other article never mentions; and
    whether, those names aside, the headlines are one template: all but a quarter of the
    shorter one's other words are in the other («Прогноз погоды на 3 мая: в Акмолинской
    области …» against «… в Костанайской области …»). Two outlets' headlines on one event
    often put different names first («Уфой» / «Башкирии») and say the rest in their own words:
    a conflict, but no template."""
    mine, theirs = unmentioned(a, b), unmentioned(b, a)
    if not mine or not theirs:
        return False, False
    rest_a = a.title.difference(*(found for k, found in a.title_names if k in mine))
    rest_b = b.title.difference(*(found for k, found in b.title_names if k in theirs))
    return True, containment(rest_a, rest_b) >= SAME_TEMPLATE


def reaction(a: Fingerprint, b: Fingerprint) -> tuple[str, ...]:
    """Who comments, when one headline reports a named person's statement and the other neither
    names that person nor reports an unnamed one's: it tells the event («Поляков заявил о
    нарушении закона при исключении …» against «Слуга народа обсуждает исключение нардепов»),
    or another person's words («Климкин оценил слова Путина …» against «Путин считает, что …»).
    The guideline's "an event, and a comment of an involved person on it": two threads. Empty
    otherwise (a retelling of the statement names its speaker too)."""
    for said, other in ((a, b), (b, a)):
        speakers = said.speakers
        # other.speakers: None, it reports no statement; () one whose speaker it does not name
        if (
            speakers
            and other.speakers != ()
            and not any(name_key(w) in other.title_words for w in speakers)
        ):
            return speakers
    return ()


TEMPLATE = 0.5  # headlines this alike are one template, in the explanation


def against(a: Fingerprint, b: Fingerprint, found: dict[str, float]) -> tuple[str, ...]:
    """The evidence against one story in `found` (`similarity.evidence`), in words."""
    out = []
    same = "same template, " if found["title"] >= TEMPLATE else ""
    if found["date_conflict"]:
        dates_a = ", ".join(spell_date(d, a.language) for d in sorted(a.lead_dates))
        dates_b = ", ".join(spell_date(d, b.language) for d in sorted(b.lead_dates))
        out.append(f"{same}different dates: {dates_a} / {dates_b}")
    if found["figure_conflict"] >= 0.5:
        what = set(contradicted(a.lead_figures, b.lead_figures))
        mine = sorted(f"{n} {w}" for w, ns in a.lead_figures if w in what for n in ns)
        theirs = sorted(f"{n} {w}" for w, ns in b.lead_figures if w in what for n in ns)
        out.append(f"{same}different figures: {', '.join(mine)} / {', '.join(theirs)}")
    if found["subject_conflict"]:
        same = "same template, " if found["subject_template"] else ""
        out.append(f"{same}different subjects: {', '.join(a.written(unmentioned(a, b)))}"
                   f" / {', '.join(b.written(unmentioned(b, a)))}")  # fmt: skip
    if found["reaction"]:
        out.append(f"a comment by {', '.join(reaction(a, b))}, which the other does not report")
    return tuple(out)
