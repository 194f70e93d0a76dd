"""People's names in Russian text: found with natasha's NER, put in the nominative with pymorphy3.

natasha ships its models inside its package, so nothing is downloaded. The models load once,
on first use (about a second).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def _models() -> tuple[Any, Any, Any]:
    import pymorphy3
    from natasha import NewsEmbedding, NewsNERTagger, Segmenter

    return Segmenter(), NewsNERTagger(NewsEmbedding()), pymorphy3.MorphAnalyzer()


def _nominative(word: str, morph: Any) -> str:
    parses = morph.parse(word)
    named = [p for p in parses if {"Name", "Surn", "Patr"} & set(p.tag.grammemes)]
    best = (named or parses)[0]
    inflected = best.inflect({"nomn"})
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
