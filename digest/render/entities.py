"""A story's key people, organisations and places (natasha's NER on its original article in
Russian, `text.english_names` in English) and its figures. Computed once per article and kept
in SQLite: NER is slow (about 16,000 words a second here), so it runs only for the stories an
issue shows."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from digest.models import StoredArticle
from digest.store import entities as cache
from digest.store.backend import Connection
from digest.text import english_names, names
from digest.text.words import figures, name_key

TOP = 5


@dataclass(frozen=True)
class Entities:
    people: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    figures: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, list[str]]:
        return {
            "people": list(self.people),
            "organisations": list(self.organisations),
            "places": list(self.places),
            "figures": list(self.figures),
        }


# Of the extraction: entities stored by an older one are found again (3: English names by
# rule, no common nouns as people)
VERSION = 3
ENTITY_CHARS = 20_000  # an article's first 20,000 characters: its people and places are there


def extract(stored: StoredArticle) -> Entities:
    """People, organisations, places and figures of an article (its opening, so the work per
    article is bounded however long it is)."""
    a = stored.article
    text = f"{a.title}\n{a.body[:ENTITY_CHARS]}"

    def place(fig: str) -> tuple[int, str]:
        at = text.find(fig.split()[0].replace(".", ","))
        at = at if at >= 0 else text.find(fig.split()[0])
        return (at if at >= 0 else len(text), fig)

    figs = tuple(sorted(figures(text), key=place)[:TOP])
    if a.language not in ("ru", "en"):
        return Entities(figures=figs)
    found = names.entities(text) if a.language == "ru" else english_names.entities(text)
    # Mentions of one entity in different cases meet on their transliterated key; a person
    # named in full («Касым-Жомарт Токаев») and by surname («Токаев») meet on the surname.
    counts: dict[str, Counter[str]] = {"PER": Counter(), "ORG": Counter(), "LOC": Counter()}
    forms: dict[str, Counter[str]] = {}
    for kind, name in found:
        if kind not in counts:
            continue
        key = kind + ":" + name_key(name.split()[-1] if kind == "PER" else name)
        counts[kind][key] += 1
        forms.setdefault(key, Counter())[name] += 1
    top = {
        kind: tuple(_display(forms[key]) for key, _ in c.most_common(TOP))
        for kind, c in counts.items()
    }
    return Entities(top["PER"], top["ORG"], top["LOC"], figs)


def _display(forms: Counter[str]) -> str:
    """The fullest of the most frequent spellings («Касым-Жомарт Токаев» over «Токаев»)."""
    best = max(forms.values())
    return max(
        (f for f, n in forms.items() if n >= best / 2), key=lambda f: (len(f.split()), forms[f])
    )


def for_articles(
    conn: Connection, articles: Iterable[StoredArticle], extract_missing: bool = True
) -> dict[int, Entities]:
    """Entities of each article, from the store where known, else extracted and stored (or,
    without `extract_missing`, left out)."""
    unique = {stored.id: stored for stored in articles}
    rows = cache.cached(conn, {i: s.article.content_hash for i, s in unique.items()})
    out: dict[int, Entities] = {}
    new: list[tuple[int, str]] = []
    for stored in unique.values():
        row = rows.get(stored.id)
        data = json.loads(row) if row is not None else {}
        if data.pop("version", 1) == VERSION:
            out[stored.id] = Entities(**{k: tuple(v) for k, v in data.items()})
        elif extract_missing:
            out[stored.id] = extract(stored)
            found = {"version": VERSION, **out[stored.id].as_dict()}
            new.append((stored.id, json.dumps(found, ensure_ascii=False)))
    if new:
        cache.store(conn, new)
    return out
