"""People's names in Russian text: found with natasha's NER, put in the nominative with pymorphy3.

natasha ships its models inside its package, so nothing is downloaded. The models load once,
on first use (about a second).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def morph() -> Any:
    """pymorphy3's analyser, loaded once per process for every stage that parses words (its
    dictionaries ship in the package)."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=1)
def _models() -> tuple[Any, Any]:
    from natasha import NewsEmbedding, NewsNERTagger, Segmenter

    return Segmenter(), NewsNERTagger(NewsEmbedding())


_SURNAME = re.compile(r"^(.+(?:ов|ев|ёв|ин|ын))(?:а|у|ым|ом|е)$")
_SURNAME_NOMN = re.compile(r"(?:ов|ев|ёв|ин|ын)$")
_KINDS = {"PER": {"Name", "Surn", "Patr"}, "LOC": {"Geox"}, "ORG": {"Orgn"}}


def _nominative(word: str, kind: str = "PER") -> str:
    """The word in the nominative. Russian surnames in -ов/-ев/-ин by rule (pymorphy guesses
    badly at rare ones: «Токаева» must give «Токаев», not «Токаи»); other words through a parse
    of the right kind (a name, a place, an organisation); otherwise left as written."""
    if kind == "PER" and (m := _SURNAME.match(word)):
        return m.group(1)
    if kind == "PER" and _SURNAME_NOMN.search(word):
        return word
    parses = morph().parse(word)
    fitting = [p for p in parses if _KINDS.get(kind, set()) & set(p.tag.grammemes)]
    if not fitting and kind == "LOC":
        fitting = [p for p in parses if p.tag.POS in ("NOUN", "ADJF")]
    if not fitting or any("nomn" in p.tag for p in fitting):
        return word
    inflected = fitting[0].inflect({"nomn"})
    out = inflected.word if inflected is not None else word
    return "-".join(part[:1].upper() + part[1:] for part in out.split("-"))


def people(text: str) -> list[str]:
    """The people named in `text`, in the nominative, in order of appearance."""
    from natasha import Doc

    segmenter, ner = _models()
    doc = Doc(text)
    doc.segment(segmenter)
    doc.tag_ner(ner)
    found: list[str] = []
    for span in doc.spans:
        if span.type != "PER":
            continue
        name = " ".join(_nominative(w) for w in span.text.split())
        if name not in found:
            found.append(name)
    return found


def last_person(text: str) -> str:
    """The last person named in `text` (a byline names its author last), or ''."""
    found = people(text)
    return found[-1] if found else ""


class _Form:
    """A pymorphy3 parse in the shape natasha's normaliser expects (UD part of speech and
    features, `inflect`, `word`): natasha's own vocabulary needs pymorphy2, which no longer
    loads on current setuptools."""

    def __init__(self, parse: Any) -> None:
        from natasha.morph.vocab import ud_feats, ud_pos

        self.parse = parse
        self.pos = ud_pos(parse.tag)
        self.feats = dict(ud_feats(parse.tag))
        self.normal = parse.normal_form
        self.word = parse.word

    def inflect(self, grams: set[str]) -> _Form | None:
        from natasha.morph.vocab import oc_grams

        found = self.parse.inflect(set(oc_grams(grams)))
        return None if found is None else _Form(found)


@lru_cache(maxsize=50_000)
def _forms(word: str) -> list[_Form]:
    """natasha's vocabulary: a word's parses, the way its normaliser reads them."""
    return [_Form(p) for p in morph().parse(word)]


@lru_cache(maxsize=1)
def _syntax() -> tuple[Any, Any]:
    from natasha import NewsEmbedding, NewsMorphTagger, NewsSyntaxParser

    embedding = NewsEmbedding()
    return NewsMorphTagger(embedding), NewsSyntaxParser(embedding)


def _last_part(name: str, kind: str) -> str:
    """«Геликон-Опере» → «Геликон-Опера»: natasha leaves a hyphenated word as written; its last
    part is put in the nominative like a word of its own."""
    words = name.split()
    head, dash, tail = words[-1].rpartition("-")
    if not dash or not tail:
        return name
    fixed = _nominative(tail, kind if kind != "ORG" else "LOC")
    return " ".join([*words[:-1], f"{head}-{fixed}"])


_VOWELS = set("аеёиоуыэюяaeiou")


def _male_first_name(name: str, written: list[str]) -> str:
    """«Даурена Абаев» → «Даурен Абаев»: when a man's surname was declined in the genitive,
    a first name pymorphy does not know is too («Даурена», «Олжаса»)."""
    words = name.split()
    if len(words) < 2 or len(written) != len(words) or written[-1] == words[-1]:
        return name
    first = words[0]
    declined = _SURNAME_NOMN.search(words[-1]) and written[-1].endswith("а")
    unknown = written[0] == first and len(first) > 3  # natasha left it as written
    if declined and unknown and first.endswith("а") and first[-2].lower() not in _VOWELS:
        words[0] = first[:-1]
    return " ".join(words)


def entities(text: str) -> list[tuple[str, str]]:
    """(kind, name) for each PER, ORG and LOC mention, in its dictionary form: natasha's
    normalisation over a syntax parse («Новой Третьяковской галерее» → «Новая Третьяковская
    галерея», «Алматинской области» → «Алматинская область», «Газпромом» → «Газпром»), with
    Russian surnames by rule («Бакаевым» → «Бакаев»)."""
    from natasha import Doc

    segmenter, ner = _models()
    tagger, parser = _syntax()
    doc = Doc(text)
    doc.segment(segmenter)
    doc.tag_morph(tagger)
    doc.parse_syntax(parser)
    doc.tag_ner(ner)
    out: list[tuple[str, str]] = []
    for span in doc.spans:
        span.normalize(_forms)
        name = " ".join(str(span.normal or span.text).split()).strip('«»"')
        if span.type == "PER":  # what natasha left as written: a surname by rule
            written = span.text.split()
            name = " ".join(
                _nominative(w) if w in written and not w.endswith("а") else w for w in name.split()
            )
            name = _male_first_name(name, written)
            if not is_person_name(name):
                continue
        name = _last_part(name, span.type)
        out.append((span.type, name))
    return out


_NAME_TAGS = frozenset({"Name", "Surn", "Patr"})


def is_person_name(name: str) -> bool:
    """Whether what NER took for a person can be one: some word of at least three letters that
    is a first name, patronymic or surname (by its ending too: «Токаев»), or no dictionary word
    at all (foreign names: «Маск»). A chat's «Гы» or a common noun («Программист», «Директор»)
    is not; nor is a capitalised ordinary word alone."""
    for word in name.replace("-", " ").split():
        if len(word) < 3 or not word[0].isupper():
            continue
        if _SURNAME_NOMN.search(word) or _SURNAME.match(word):  # «Токаев» (pymorphy: a wine)
            return True
        parses = morph().parse(word)
        if any(_NAME_TAGS & p.tag.grammemes for p in parses) or not any(p.is_known for p in parses):
            return True
    return False
