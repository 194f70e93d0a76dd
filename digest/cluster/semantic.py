"""The meaning of an article's lead as one vector, for soft word matching: two outlets that
retell an event in other words («задержан» / «арестован», «кишечник» / «ЖКТ») still point the
same way.

Russian only: natasha's navec news embeddings (250,000 words, 300 dimensions, quantised), which
ship inside the natasha package and load offline in about half a second. Each word counts by its
rarity in the background table, so the vector leans on what is specific to the story.
English articles get no vector (the scorer then leans on the other evidence).
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from numpy.typing import NDArray

    Vector = NDArray[np.float32]
else:
    Vector = Any

_WORD = re.compile(r"[а-яёa-z]+(?:-[а-яёa-z]+)*")
MIN_WORDS = 3  # fewer known words than this: no vector


@lru_cache(maxsize=1)
def _navec() -> Any:
    from natasha.data import NEWS_EMBEDDING
    from navec import Navec

    return Navec.load(NEWS_EMBEDDING)


@lru_cache(maxsize=1)
def _word_weights() -> dict[str, float]:
    """Word -> weight: inverse log frequency in navec's own counts (rarer words weigh more)."""
    vocab = _navec().vocab
    total = float(sum(vocab.counts))
    return {
        w: max(0.0, -math.log(c / total) - 6.0)
        for w, c in zip(vocab.words, vocab.counts, strict=True)
        if c > 0
    }


def lead_vector(text: str, language: str) -> Vector | None:
    """A unit vector for `text` (Russian), or None when too few of its words are known."""
    if language != "ru":
        return None
    navec, weights = _navec(), _word_weights()
    total = np.zeros(300, dtype=np.float32)
    known = 0
    for word in set(_WORD.findall(text.lower().replace("ё", "е"))):
        weight = weights.get(word)
        if not weight:
            continue
        vec = navec.get(word)
        if vec is None:
            continue
        total += weight * vec
        known += 1
    norm = float(np.linalg.norm(total))
    if known < MIN_WORDS or norm == 0.0:
        return None
    result: Vector = total / norm
    return result


def cosine(a: Vector | None, b: Vector | None) -> float:
    """Cosine of two unit vectors; 0 when either is missing."""
    if a is None or b is None:
        return 0.0
    return float(np.dot(a, b))
