"""Watch terms (#21): does a text name what a reader watches? A term is one or more words, all of
which must be in the text, in any form: by stem, as the search index finds words («ставки»
finds «ставка»), or by its name key across alphabets where the text writes it as a name
(Tokayev and «газпром» find «Токаева» and «Газпромом»). Pure: text in, what matched and how out."""

from __future__ import annotations

import re
from dataclasses import dataclass

from digest.text.words import name_forms, name_key, terms

_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
_CYRILLIC = re.compile(r"[а-яёА-ЯЁ]")


@dataclass(frozen=True)
class Seen:
    """What a text holds, for matching: its stems in both stemmers (a Latin word in a Russian
    text is stemmed as English) with the first form of each, and its names by key."""

    stems: dict[str, str]  # stem -> the word that gave it
    names: dict[str, str]  # name key -> the name as written


@dataclass(frozen=True)
class Hit:
    term: str
    forms: tuple[tuple[str, str], ...]  # (word of the term, the form found in the text)
    meaning: float | None = None  # matched by meaning, this close (cosine), not by its words

    def said(self) -> str:
        """«Tokayev Gazprom»: Tokayev as «Токаева», Gazprom as «Газпромом»; or «gas supplies»:
        same meaning (0.62)."""
        if self.meaning is not None:
            return f"«{self.term}»: same meaning ({self.meaning:.2f})"
        found = ", ".join(w if w.lower() == f.lower() else f"{w} as «{f}»" for w, f in self.forms)
        return f"«{self.term}»: {found}"


def seen(text: str) -> Seen:
    stems: dict[str, str] = {}
    for word in dict.fromkeys(_WORD.findall(text)):
        low = word.lower().replace("ё", "е")
        language = "ru" if _CYRILLIC.search(word) else "en"
        for stem in terms(low, language):
            stems.setdefault(stem, word)
    return Seen(stems, name_forms(text))


def _word(word: str, text: Seen) -> str | None:
    """The form of `word` the text holds, or None."""
    low = word.lower().replace("ё", "е")
    language = "ru" if _CYRILLIC.search(word) else "en"
    for stem in terms(low, language):
        if stem in text.stems:
            return text.stems[stem]
    if len(word) >= 4:  # a name the text writes with a capital, in either alphabet, any case
        return text.names.get(name_key(word))  # (the stemmer cuts «газпром» to «газпр»)
    return None


def match(term: str, text: Seen) -> Hit | None:
    """The hit of `term` in `text` when every word of the term is there, else None."""
    words = _WORD.findall(term)
    forms = []
    for word in words:
        found = _word(word, text)
        if found is None:
            return None
        forms.append((word, found))
    return Hit(term, tuple(forms)) if forms else None


def matches(watch: tuple[str, ...], text: Seen) -> tuple[Hit, ...]:
    """Each watched term the text matches."""
    return tuple(hit for term in watch if (hit := match(term, text)) is not None)
