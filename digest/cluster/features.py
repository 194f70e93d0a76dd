"""What the comparison needs of an article, computed once: stems, title stems, figures,
proper names (transliterated, so «Токаев» and «Tokayev» meet), dates and quotations, and the
same for the headline and lead, where a template puts what makes one edition another.

The word-level helpers are in `digest.text.words`, shared with the other stages. natasha's NER
is far slower (about 16,000 words a second here) and is kept for showing a story's people and
places, not for grouping.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

import numpy as np

from digest.models import Article
from digest.text.headlines import site
from digest.text.meaning import unpack
from digest.text.speech import keys, speakers
from digest.text.words import counts, dates, figures, name_forms, quotes, stems

# what numbers count, each with its numbers: (("человек", frozenset({"6"})), …) (`counts`)
Counted = tuple[tuple[str, frozenset[str]], ...]


@dataclass(frozen=True)
class Fingerprint:
    language: str
    stems: frozenset[str]
    title: frozenset[str]
    figures: frozenset[str]
    names: frozenset[str]
    dates: frozenset[str]
    quotes: tuple[frozenset[str], ...]
    lead: frozenset[str] = frozenset()  # stems of the headline and the first sentences
    lead_dates: frozenset[str] = frozenset()  # day-and-month dates in the headline and lead
    lead_figures: Counted = ()  # what the headline's and lead's numbers count
    title_figures: Counted = ()  # what the headline's numbers count
    name_words: tuple[tuple[str, str], ...] = ()  # each name key with the word that gave it
    body_stems: int = 0  # stems beyond the headline and lead: none for a headline with a sentence
    outlet: str = ""  # who published it (`outlet_key`), empty when unknown
    mentioned: frozenset[str] = frozenset()  # the name keys' first `MENTION` letters
    title_names: tuple[tuple[str, frozenset[str]], ...] = ()  # headline name keys, their stems
    # whom the headline reports making a statement («Поляков заявил …»: `speech.speakers`), None
    # when it reports none; and the name key of every headline word, written as a name or not
    speakers: tuple[str, ...] | None = None
    title_words: frozenset[str] = frozenset()
    # what its headline and lead mean (`text.meaning`), unpacked once, if known (`with_vector`)
    vector: np.ndarray | None = field(default=None, compare=False, repr=False)

    def written(self, keys: Iterable[str]) -> list[str]:
        """Name keys as this article writes them («Курган», not `kurga`), sorted."""
        forms = dict(self.name_words)
        return sorted({forms.get(k, k) for k in keys})


MENTION = 4  # a name is mentioned where the other text has a name this alike (`conflicts`)
LEAD_CHARS = 400  # the lead: the body's first sentences up to about this length


def lead_text(body: str) -> str:
    """The body's opening: whole sentences up to about `LEAD_CHARS` characters."""
    head = body[: LEAD_CHARS * 2]
    cut = head.rfind(". ", 0, LEAD_CHARS + 1)
    end = cut + 1 if cut >= LEAD_CHARS // 3 else head.find(". ", LEAD_CHARS) + 1
    return head[:end] if end > 0 else head[:LEAD_CHARS]


# A dateline opening the body: «МОСКВА, 13 ноября. /ТАСС/.», «Москва. 11 ноября. INTERFAX.RU -»,
# «Биробиджан, 7 ноября.», «WASHINGTON, November 11 (AP) —»: one to three capitalised words, the
# day and month, then a full stop, a dash, a slash or the agency in brackets (an event's date in
# the first sentence is followed by a comma: «Вчера, 12 ноября, в …»).
_DATELINE = re.compile(
    r"^\s*[А-ЯЁA-Z][\w-]*(?:[ -][А-ЯЁA-Z][\w-]*){0,2}[,.]\s+"
    r"(?:\d{1,2}\s+[а-яёa-z]+\.?|[A-Z][a-z]+\.?\s+\d{1,2})(?:,?\s+\d{4}(?:\s*г\.?)?)?"
    r"\s*(?=[.—–/(-])"
)


# A sentence that says who reported it, and when: «Об этом 7 мая сообщило агентство Delfi».
_ATTRIBUTION = re.compile(r"(?:(?<=[.!?…]\s)|^)\s*Об этом\b[^.!?…]*[.!?…]?", re.MULTILINE)


def without_reporting(lead: str, language: str) -> str:
    """The lead without its dateline and (in Russian) its «Об этом …» attribution sentences: when
    and where it was filed or reported, not when the story happened. Two outlets' reports of one
    event would otherwise "disagree" on the date: one's filing or reporting date against the
    other's date of the event."""
    found = _DATELINE.match(lead)
    lead = lead[found.end() :] if found and dates(found.group(0), language) else lead
    return _ATTRIBUTION.sub(" ", lead) if language == "ru" else lead


def _by_what(found: frozenset[tuple[str, str]]) -> Counted:
    """(number, what) pairs grouped by what they count: (("человек", {"6", "9"}), …)."""
    grouped: dict[str, set[str]] = {}
    for number, what in found:
        grouped.setdefault(what, set()).add(number)
    return tuple((what, frozenset(numbers)) for what, numbers in sorted(grouped.items()))


# Sites where each channel or community is an outlet of its own: t.me/bbcrussian, vk.com/ria
PLATFORMS = frozenset({"t.me", "vk.com", "dzen.ru", "youtube.com", "ok.ru"})
# Reserved for examples (RFC 2606, RFC 6761): they name no outlet
_EXAMPLE = re.compile(r"(?:^|\.)(?:example(?:\.com|\.org|\.net)?|test|invalid)$")


def outlet_key(article: Article) -> str:
    """Who published the article: its outlet's name where the collector knows it (a feed's
    name, the outlet a seed names), else the site of its address («lada.kz»; on a platform,
    the channel: «t.me/bbcrussian», «t.me/c/1003921752»); empty when unknown."""
    if article.outlet:
        return article.outlet.casefold()
    host = site(article.url)
    if not host or _EXAMPLE.search(host):
        return ""
    if host not in PLATFORMS:
        return host
    path = [p for p in urlsplit(article.url).path.split("/") if p]
    return "/".join([host, *path[: 2 if path[:1] == ["c"] else 1]])


def with_vector(fp: Fingerprint, packed: bytes | None) -> Fingerprint:
    """`fp` with the article's stored meaning vector (`text.meaning.pack`), if it has one."""
    return fp if packed is None else replace(fp, vector=unpack(packed))


def fingerprint(article: Article) -> Fingerprint:
    lang = article.language
    said = speakers(article.title)
    text = f"{article.title}\n{article.body}"
    opening = lead_text(article.body)
    lead = f"{article.title}\n{opening}"
    forms = name_forms(text)
    title_forms = name_forms(article.title) if article.title else {}
    every, opening_stems = stems(text, lang), stems(lead, lang)
    return Fingerprint(
        language=lang,
        stems=every,
        title=stems(article.title, lang),
        figures=figures(text),
        names=frozenset(forms),
        name_words=tuple(forms.items()),
        dates=dates(text, lang),
        quotes=quotes(article.body, lang),
        lead=opening_stems,
        lead_dates=dates(f"{article.title}\n{without_reporting(opening, lang)}", lang),
        lead_figures=_by_what(counts(lead, lang)),
        title_names=tuple((k, stems(w, lang)) for k, w in title_forms.items()),
        mentioned=frozenset(k[:MENTION] for k in forms),
        title_figures=_by_what(counts(article.title, lang)),
        body_stems=len(every - opening_stems),
        outlet=outlet_key(article),
        speakers=said,
        title_words=keys(article.title),
    )
