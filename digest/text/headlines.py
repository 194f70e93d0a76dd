"""A headline without the outlet's name its site appends: «… - Lenta.ru», «… | StarHit.ru»,
«… - Би-би-си Русская служба».

Feeds that aggregate (Google News) and many sites' own titles carry such a tail. Kept, it is
shown to the reader twice (the outlet is shown beside the headline anyway), and to the grouping
it looks like content: a name in the headline that the other outlet's article never mentions,
which reads as "different subjects". A tail is dropped only when there is a reason to think it
names the site, not the story:

- it looks like a domain name («Lada.kz», «StarHit.ru»);
- it is the outlet's own name or its site's name («Спорт-Экспресс» on sport-express.ru,
  compared after transliteration);
- it recurs and is written as a name: the same capitalised tail ends several headlines of one
  site in one batch (`recurring_tails`), which a story's words do not.

Only a short last segment after a spaced dash or bar is a tail, and a headline keeps at least
three words.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from urllib.parse import urlsplit

from digest.text.words import transliterate

_SEPARATOR = re.compile(r"\s+(?:[-–—|]|::|//)\s+")
_DOMAIN = re.compile(r"^(?:www\.)?[\w-]+(?:\.[\w-]+)*\.(?:[a-z]{2,6}|рф)$", re.IGNORECASE)
MAX_TAIL_WORDS = 5  # a site name or section is short; a longer tail is part of the headline
MIN_HEAD_WORDS = 3  # what is left must still be a headline
RECURRING = 3  # a tail ending this many headlines of one site in one batch is the site's
_SAME_START = 6  # two keys this long alike at the start name the same site («sportekspress»)


def _key(text: str) -> str:
    """Letters and digits only, Latin: «Спорт-Экспресс» -> «sportekspress»."""
    return "".join(ch for ch in transliterate(text.casefold()) if ch.isalnum())


def _split(title: str) -> tuple[str, str] | None:
    """(head, tail) at the last separator, when the tail is short and the head a headline."""
    found = list(_SEPARATOR.finditer(title))
    if not found:
        return None
    last = found[-1]
    head, tail = title[: last.start()].rstrip(), title[last.end() :].strip()
    if not tail or len(tail.split()) > MAX_TAIL_WORDS or len(head.split()) < MIN_HEAD_WORDS:
        return None
    return head, tail


def site(url: str) -> str:
    """The site an address is on, without «www.»: «https://www.lada.kz/x» -> «lada.kz»."""
    return (urlsplit(url).hostname or "").removeprefix("www.")


def site_names(outlet: str = "", url: str = "") -> tuple[str, ...]:
    """The keys a tail naming this site would have: the outlet's name, the host's main label."""
    keys = [_key(outlet)] if outlet else []
    if host := site(url):
        labels = host.split(".")
        keys.append(_key(labels[-2] if len(labels) >= 2 else labels[0]))
    return tuple(k for k in keys if len(k) >= 3)


def _names_site(tail: str, names: Iterable[str]) -> bool:
    if _DOMAIN.match(tail):
        return True
    key = _key(tail)
    for name in names:
        short, long_ = sorted((key, name), key=len)
        if len(short) >= 3 and long_.startswith(short):
            return True
        if key[:_SAME_START] == name[:_SAME_START] and len(key) >= _SAME_START:
            return True
    return False


def recurring_tails(titles: Iterable[str], least: int = RECURRING) -> frozenset[str]:
    """Tails written as a name (capitalised) that end at least `least` of these headlines (one
    site's, one batch). A lower-case recurring tail is a template's content («… — налоговые
    каникулы для фермеров» for one region after another), not the site."""
    found = Counter(split[1] for t in titles if (split := _split(t)) is not None)
    return frozenset(tail for tail, n in found.items() if n >= least and tail[:1].isupper())


def without_site(
    title: str, names: Iterable[str] = (), recurring: frozenset[str] = frozenset()
) -> str:
    """`title` without the tails that name its site (see the module's docstring)."""
    names = tuple(names)
    while (split := _split(title)) is not None:
        head, tail = split
        if tail not in recurring and not _names_site(tail, names):
            break
        title = head
    return title
