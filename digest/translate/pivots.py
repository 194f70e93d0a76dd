"""Pivots for comparing across languages: each article's title and summary machine-translated
into the other language (and cached), so the clusterer can compare them as written."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from digest.config import Config
from digest.models import Article, StoredArticle, parse_language
from digest.store.backend import Connection
from digest.text.summary import summary
from digest.translate.base import Engine
from digest.translate.cache import translate_all


def pivots(
    config: Config,
    conn: Connection,
    articles: Sequence[StoredArticle],
    engine_map: Mapping[str, Engine],
) -> dict[int, Article]:
    """Title and summary of each article in the `cluster.match_through` source language,
    machine-translated (and cached), to compare across languages. Empty without a model."""
    pair = config.cluster.match_through
    if not pair:
        return {}
    if pair not in engine_map:
        return {}
    source, target = pair.split("-")
    chosen = [s for s in articles if s.article.language == source]
    texts = {s.id: (s.article.title, summary(s.article)) for s in chosen}
    items = [(t, source) for pair_texts in texts.values() for t in pair_texts if t]
    table, _ = translate_all(items, {pair: engine_map[pair]}, conn, config.translate.glossary)
    out: dict[int, Article] = {}
    for s in chosen:
        title, lead = texts[s.id]
        t_title, t_lead = table.get((title, source)), table.get((lead, source))
        if t_title is None or t_lead is None or t_title.flag or t_lead.flag:
            continue  # no usable translation: the language-free signals still apply
        out[s.id] = replace(
            s.article, title=t_title.text, body=t_lead.text, language=parse_language(target)
        )
    return out
