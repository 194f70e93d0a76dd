"""Translating what an issue needs, once: cache in SQLite, protect, batch, check.

`translate_all` takes (text, language) items, looks each up in the cache (keyed by the engine
label, which names the model and its version, and a hash of the source text), sends only the
missing ones to the engine in one batch per direction, checks every output (see `base`) and
stores the results. A text whose placeholders the model lost is translated once more as it is
(one more batch, for those texts only). Rebuilding an issue translates nothing new.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping, Sequence

from digest.models import Translation
from digest.store import translations
from digest.store.backend import Connection
from digest.translate.base import Engine, checked, protect

OTHER = {"ru": "en", "en": "ru"}


def _by_pair(
    items: Iterable[tuple[str, str]], engines: Mapping[str, Engine]
) -> dict[str, list[str]]:
    """The distinct non-empty texts of (text, language) items, by the direction that has an
    engine ("ru-en"), in the order given."""
    by_pair: dict[str, dict[str, None]] = {}
    for text, lang in items:
        pair = f"{lang}-{OTHER.get(lang, '')}"
        if pair in engines and text.strip():
            by_pair.setdefault(pair, {})[text] = None
    return {pair: list(texts) for pair, texts in by_pair.items()}


def cached_only(
    items: Iterable[tuple[str, str]], engines: Mapping[str, Engine], conn: Connection
) -> dict[tuple[str, str], Translation]:
    """The translations of (text, language) items the cache already holds; nothing new is
    translated."""
    out: dict[tuple[str, str], Translation] = {}
    for pair, texts in _by_pair(items, engines).items():
        lang = pair.split("-")[0]
        known = translations.cached(conn, engines[pair].label, texts)
        out.update({(t, lang): tr for t, tr in known.items()})
    return out


def translate_all(
    items: Iterable[tuple[str, str]],
    engines: Mapping[str, Engine],
    conn: Connection,
    glossary: Sequence[str] = (),
    deadline: float | None = None,
    chunk: int = 256,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[dict[tuple[str, str], Translation], int]:
    """Translations of (text, language) items into the other language, where an engine for
    that direction exists; and how many texts the engines had to translate (not cached).
    Items are translated in the order given, `chunk` texts at a time, each chunk stored as it
    is done; none is started after `deadline` (time.monotonic()): the rest waits for a later
    run, and is simply absent from the result."""
    by_pair = _by_pair(items, engines)
    out: dict[tuple[str, str], Translation] = {}
    fresh = 0
    total = 0  # texts to translate, counted as each direction's cache is read
    for pair, texts in by_pair.items():
        engine = engines[pair]
        known = translations.cached(conn, engine.label, texts)
        todo = [t for t in texts if t not in known]
        total += len(todo)
        for start in range(0, len(todo), max(1, chunk)):
            if deadline is not None and time.monotonic() >= deadline:
                break  # out of time: the rest is translated by the next run
            missing = todo[start : start + max(1, chunk)]
            protected = [protect(t, glossary) for t in missing]
            raw = engine.translate_batch([p for p, _ in protected])
            done = {
                src: checked(src, got, spans, engine.label)
                for src, got, (_, spans) in zip(missing, raw, protected, strict=True)
            }
            # A model that does not carry the placeholders through gets the text as it is:
            # real models copy numbers well; only degenerate output falls back to the source.
            lost = [src for src, tr in done.items() if tr.flag == "lost-protected"]
            if lost:
                again = engine.translate_batch(lost)
                done.update({src: checked(src, got, [], engine.label) for src, got in
                             zip(lost, again, strict=True)})  # fmt: skip
            translations.store(conn, engine.label, done)
            known.update(done)
            fresh += len(missing)
            if progress is not None:
                progress(fresh, total)
        lang = pair.split("-")[0]
        out.update({(t, lang): tr for t, tr in known.items()})
    return out, fresh
