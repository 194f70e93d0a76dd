"""People, organisations and places in English text, by rule (natasha's models read Russian
only, and no English model ships in a package installable here).

A name is a run of capitalised words («Kassym-Jomart Tokayev», "Ministry of Foreign Affairs",
"NATO"), never a sentence's capitalised first word alone. Then, in order:
- an organisation: a run holding a word organisations are named with ("Bank", "Ministry",
  "Party", "Inc"), or an acronym;
- a place: a run after "in", "from", "near" and the like, or ending in a word places are named
  with ("Region", "Oblast", "City");
- a person: a run after a title ("President", "Minister", "Mr"), a run of two or three words,
  or a single word someone "said", "says" or "told"; a surname alone counts as the person named
  in full elsewhere in the text.
What none of these rules claims is left out: the Names page shows nothing that is not a name.
"""

from __future__ import annotations

import re

_WORD = r"(?:[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)*|[A-Z]{2,6})"
_RUN = re.compile(rf"{_WORD}(?:\s+(?:of|for|and|the|de|al)\s+{_WORD}|\s+{_WORD})*")
_ORG_WORDS = frozenset(
    "Ministry Bank Agency Company Corporation Corp Inc Ltd LLC Group Party Council Committee "
    "Commission Fund University Institute Association Union Court Parliament Senate Assembly "
    "Office Service Authority Exchange Airlines Airways Railways Holding Holdings Organization "
    "Organisation Foundation Federation Department Bureau Police Army Forces Navy Government "
    "Cabinet Administration Media Reuters Bloomberg Gazprom Rosneft Telegram".split()
)
_PLACE_WORDS = frozenset(
    "Region Oblast Province District City Republic Island Islands River Lake Sea Mountains "
    "Valley Street Square County State Territory Krai".split()
)
_PLACE_ACRONYMS = frozenset({"US", "USA", "UK", "UAE", "USSR", "DPRK"})
_BEFORE_PLACE = re.compile(r"\b(?:in|from|near|to|across|outside|inside|around|at)\s+$")
_TITLES = re.compile(
    r"\b(?:President|Prime Minister|Minister|Mr|Mrs|Ms|Dr|Senator|Governor|Mayor|Ambassador|"
    r"spokesman|spokeswoman|spokesperson|CEO|chairman|Chairman|leader|Deputy|General|King|"
    r"Queen|Pope|Sheikh|Emir|Akim)\.?\s+$"
)
_TITLE_WORDS = frozenset(
    "President Minister Premier Mr Mrs Ms Dr Senator Governor Mayor Ambassador Chairman CEO "
    "Deputy General King Queen Pope Sheikh Emir Akim Chancellor Secretary Speaker".split()
)
_SAID = re.compile(r"^\s*(?:said|says|told|added|noted|wrote)\b")
_NOT_NAMES = frozenset(
    "The A An In On At He She It They We I You This That These Those But And Or If When While "
    "After Before As For According However Meanwhile Also Still Yet So Then There Here His Her "
    "Its Their Our My Your What Who Why How Where Which Monday Tuesday Wednesday Thursday Friday "
    "Saturday Sunday January February March April May June July August September October "
    "November December Today Yesterday Tomorrow Breaking News Update Live Photo Video".split()
)


def _trimmed(run: str) -> str:
    """The run without the words no name starts with ("The Ministry" → "Ministry")."""
    words = run.split()
    while words and words[0] in _NOT_NAMES:
        words.pop(0)
    while words and words[-1] in ("of", "for", "and", "the", "de", "al"):
        words.pop()
    return " ".join(words)


def entities(text: str) -> list[tuple[str, str]]:
    """(kind, name) for each person ("PER"), organisation ("ORG") and place ("LOC") mention,
    in the order they occur."""
    found: list[tuple[str, str]] = []
    for m in _RUN.finditer(text):
        name = _trimmed(m.group(0))
        if not name:
            continue
        before, after = text[max(0, m.start() - 40) : m.start()], text[m.end() : m.end() + 20]
        words = name.split()
        titled = [i for i, w in enumerate(words) if w in _TITLE_WORDS]
        if titled and titled[-1] < len(words) - 1 and not set(words) & _ORG_WORDS:
            first = words[0]  # "Kazakhstan's President Kassym-Jomart Tokayev"
            if titled[0] == 1 and first.endswith("'s"):
                found.append(("LOC", first[:-2]))
            found.append(("PER", " ".join(words[titled[-1] + 1 :])))
        elif set(words) & _ORG_WORDS or (name.isupper() and name not in _PLACE_ACRONYMS):
            found.append(("ORG", name))
        elif name in _PLACE_ACRONYMS or words[-1] in _PLACE_WORDS or _BEFORE_PLACE.search(before):
            found.append(("LOC", name))
        elif _TITLES.search(before) or 2 <= len(words) <= 3 or _SAID.match(after):
            found.append(("PER", name))
    people = {n.split()[-1]: n for k, n in found if k == "PER" and " " in n}
    return [("PER", people[n]) if n in people else (k, n) for k, n in found]
