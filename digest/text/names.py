"""People's names in Russian text: found with natasha's NER, put in the nominative with pymorphy3.

natasha ships its models inside its package, so nothing is downloaded. The models load once,
on first use (about a second).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def _models() -> tuple[Any, Any, Any]:
    import pymorphy3
    from natasha import NewsEmbedding, NewsNERTagger, Segmenter

    return Segmenter(), NewsNERTagger(NewsEmbedding()), pymorphy3.MorphAnalyzer()


_SURNAME = re.compile(r"^(.+(?:ов|ев|ёв|ин|ын))(?:а|у|ым|ом|е)$")
_SURNAME_NOMN = re.compile(r"(?:ов|ев|ёв|ин|ын)$")
_KINDS = {"PER": {"Name", "Surn", "Patr"}, "LOC": {"Geox"}, "ORG": {"Orgn"}}


def _nominative(word: str, morph: Any, kind: str = "PER") -> str:
    """The word in the nominative. Russian surnames in -ов/-ев/-ин by rule (pymorphy guesses
    badly at rare ones: «Токаева» must give «Токаев», not «Токаи»); other words through a parse
    of the right kind (a name, a place, an organisation); otherwise left as written."""
    if kind == "PER" and (m := _SURNAME.match(word)):
        return m.group(1)
    if kind == "PER" and _SURNAME_NOMN.search(word):
        return word
    parses = morph.parse(word)
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

    segmenter, ner, morph = _models()
    doc = Doc(text)
    doc.segment(segmenter)
    doc.tag_ner(ner)
    found: list[str] = []
    for span in doc.spans:
        if span.type != "PER":
            continue
        name = " ".join(_nominative(w, morph) for w in span.text.split())
        if name not in found:
            found.append(name)
    return found


def last_person(text: str) -> str:
    """The last person named in `text` (a byline names its author last), or ''."""
    found = people(text)
    return found[-1] if found else ""


def entities(text: str) -> list[tuple[str, str]]:
    """(kind, name) for each PER, ORG and LOC mention: people and places in the nominative,
    organisations as written."""
    from natasha import Doc

    segmenter, ner, morph = _models()
    doc = Doc(text)
    doc.segment(segmenter)
    doc.tag_ner(ner)
    out: list[tuple[str, str]] = []
    for span in doc.spans:
        surface = " ".join(span.text.split())
        if span.type in ("PER", "LOC"):
            name = " ".join(_nominative(w, morph, span.type) for w in surface.split())
        else:
            name = surface.strip('«»"')
        out.append((span.type, name))
    return out
