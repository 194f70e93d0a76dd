"""Whether a headline reports what someone said, and who: «Поляков заявил о нарушении закона»,
«"…", — заявил Песков», «Corbyn slams …».

The annotators' guideline for same-story pairs (../shared/eval/dedup) says an event and "a
comment of any involved person on the event" are two threads. A comment shows in a headline as a
verb of statement or stance in its opening words (заявил, назвал, раскритиковал, ответил, …;
slams, denies, urges, …). Left out: verbs that report an event's facts (рассказал, объяснил,
сообщил; says), as outlets often retell one event as "X told how it happened"; and a speaker
before a colon («Кудрин: на борьбу с бедностью уйдёт 2,5 трлн»), which attributes the news
itself, not a comment on it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from digest.text.names import morph
from digest.text.words import name_key

_STANCE = re.compile(
    r"\b(?:заяв\w*|прокомментир\w*|ответил\w*|назвал\w*|раскритик\w*|высказал\w*|оценил\w*"
    r"|пожаловал\w*|потребовал\w*|призвал\w*|пообещал\w*|предупредил\w*|посетовал\w*|считает"
    r"|уверен\w*|опроверг\w*|возмутил\w*|осудил\w*|усомнил\w*|выразил\w*|отреагировал\w*"
    r"|обвинил\w*|отверг\w*|пригрозил\w*|calls?|slams?|critici[sz]es?|warns?|urges?|denies"
    r"|denied|responds?|defends?|insists?|vows?|blames?|accuses?|reacts?|condemns?|hits out"
    r"|rejects?)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[\w'’-]+")
_QUOTED = re.compile(r"\s*[«\"“„]\s*[^»\"”“]{12,}[»\"”“]")  # a headline opening with a quotation
OPENING_WORDS = 8  # a headline's statement is its main verb, early («… в Питере. Певица заявила»)
SPEAKER_WORDS = 3  # the speaker is named next to the verb: «Исключённый из фракции Поляков»
# A Russian surname's or patronymic's ending, in any case: «Поляков», «Горчакову», «Ольшанский»
_SURNAME = re.compile(
    r"(?:ов|ев|ёв|ин|ын|ова|ева|ина|ына|ский|цкий|ская|цкая|ович|евич|енко|швили|дзе|ян|ук|юк)"
    r"(?:а|у|ым|ом|е|ой|ых|ыми|ого|ому|им)?$"
)
_CYRILLIC = re.compile(r"[А-ЯЁ]")
_LOWER_CYRILLIC = re.compile(r"[а-яё]")
PERSON = frozenset({"Name", "Surn", "Patr"})  # pymorphy3's grammemes of a person's name


@lru_cache(maxsize=50_000)
def person(word: str) -> bool:
    """Whether a capitalised word can be a person's name: not an acronym («ФСБ»); in Cyrillic,
    shaped like a surname or parsed as a first name, surname or patronymic among pymorphy3's
    three likeliest parses («Поляков», «Бабиш», not «Минобороны», «Учёные»); in Latin script,
    any word written as a name («Corbyn», «Katya»: no parser here for English names)."""
    if not word[:1].isupper() or word.isupper():
        return False
    if not _CYRILLIC.match(word):
        return word[1:].islower() or "-" in word  # not «CoViD», «iPhone»
    if _SURNAME.search(word):
        return True
    return any(PERSON & p.tag.grammemes for p in morph().parse(word)[:3])


def speakers(title: str) -> tuple[str, ...] | None:
    """Whom a headline reports making a statement: None when it reports none; else the people
    it names as the speaker (`person`: among the words before the verb, or after it where a
    quotation precedes it, «…», — заявил Песков). Empty when it names no person («Учёные
    заявили …», «Минобороны заявило …»: a source, not a commenting person), and for a headline
    that opens with a quotation and does not say whose."""
    verb = _STANCE.search(title)
    if verb is None or len(_WORD.findall(title[: verb.start()])) > OPENING_WORDS:
        return () if _QUOTED.match(title) else None  # a quotation, its speaker unnamed
    before = title[: verb.start()].rstrip(" —–-")
    if not before or before[-1] in ",\"»'":  # «…», — заявил Песков
        words = _WORD.findall(title[verb.end() :])[:SPEAKER_WORDS]
    else:
        words = _WORD.findall(before)[-SPEAKER_WORDS:]
    # in a Russian headline a Latin-script name is a company's or a group's («Apple заявила»,
    # «Хакеры Shadow Saiga заявили»), far more often than a person's
    latin = not _LOWER_CYRILLIC.search(title)
    return tuple(w for w in words if person(w) and (latin or _CYRILLIC.match(w)))


def keys(title: str) -> frozenset[str]:
    """The name key of every word of a headline, written as a name or not: whether it names a
    speaker («Абдрахманов назвал …» names «Абдрахманова»)."""
    return frozenset(map(name_key, _WORD.findall(title)))
