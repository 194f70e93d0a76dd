"""Which stored articles a new article is worth comparing with: an inverted index.

Each article is indexed under its content-word stems (per language), its proper-name keys and
its figures. A new article looks up only its rarest stems (those with the shortest postings),
and in each only the `max_postings` most recent articles, so the work per article stays bounded
however large the window grows; across languages it looks up its names and figures. The
best-supported few go on to the full score. Across languages, an article's nearest meaning
vectors (`text.meaning`) in the other languages join them (`cluster.vector_candidates`): a
retelling in another language shares few names and figures, and nothing else it could be
looked up by. Within one language the rare words find a retelling (every one-story pair of our
labelled Telegram sets is a candidate of its partner, measured 2026-12-07), so vectors are not
searched there and an all-Russian store pays nothing for them.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable

import numpy as np

from digest.cluster.features import Fingerprint
from digest.config import ClusterConfig
from digest.text.meaning import DIMENSIONS

NEAREST_FROM = 0.5  # a vector neighbour's cosine must reach this to be a candidate


class _Shelf:
    """One language's vectors in a growing matrix, with the index positions they belong to."""

    def __init__(self) -> None:
        self.matrix = np.zeros((64, DIMENSIONS), np.float32)
        self.positions: list[int] = []

    def add(self, pos: int, vector: np.ndarray) -> None:
        if len(self.positions) == len(self.matrix):
            self.matrix = np.vstack([self.matrix, np.zeros_like(self.matrix)])
        self.matrix[len(self.positions)] = vector
        self.positions.append(pos)

    def forget_before(self, pos: int) -> None:
        """Drop the vectors of the positions before `pos` (out of every later window)."""
        gone = bisect_left(self.positions, pos)
        if gone:
            kept = self.matrix[gone : len(self.positions)]
            self.matrix = np.vstack([kept, np.zeros((max(64, len(kept)), DIMENSIONS), np.float32)])
            del self.positions[:gone]

    def nearest(self, vector: np.ndarray, count: int, alive: Callable[[int], bool]) -> list[int]:
        """Up to `count` alive positions whose cosine with `vector` is highest (at least
        `NEAREST_FROM`), best first."""
        cosines = self.matrix[: len(self.positions)] @ vector
        top = min(len(cosines), count * 4)  # room for some outside the window
        if not top:
            return []
        rows = np.argpartition(-cosines, top - 1)[:top]
        out: list[int] = []
        for row in rows[np.argsort(-cosines[rows])]:
            if cosines[row] < NEAREST_FROM or len(out) >= count:
                break
            if alive(self.positions[row]):
                out.append(self.positions[row])
        return out


class CandidateIndex:
    def __init__(self, cfg: ClusterConfig) -> None:
        self.cfg = cfg
        self.postings: dict[str, list[int]] = defaultdict(list)
        self.languages: list[str] = []
        self.per_language: Counter[str] = Counter()
        self.shelves: dict[str, _Shelf] = {}

    def add(self, fp: Fingerprint) -> int:
        """Index an article; returns its position, used as its id in `candidates`."""
        pos = len(self.languages)
        self.languages.append(fp.language)
        self.per_language[fp.language] += 1
        for stem in fp.stems:
            self.postings[f"{fp.language}:{stem}"].append(pos)
        for key in fp.names:
            self.postings[f"n:{key}"].append(pos)
        for fig in fp.figures:
            self.postings[f"f:{fig}"].append(pos)
        if fp.vector is not None:
            self.shelves.setdefault(fp.language, _Shelf()).add(pos, fp.vector)
        return pos

    def add_stems(self, pos: int, fp: Fingerprint) -> None:
        """Index the stems of another version of the article at `pos` (its translation)."""
        for stem in fp.stems:
            self.postings[f"{fp.language}:{stem}"].append(pos)

    def forget_before(self, pos: int) -> None:
        """Free the vectors of the articles before position `pos`, once it has moved on far
        enough to be worth a copy (the postings stay: they are bounded per word)."""
        for shelf in self.shelves.values():
            if shelf.positions and pos - shelf.positions[0] >= max(1024, len(shelf.positions) // 2):
                shelf.forget_before(pos)

    def _rarest(self, keys: list[str], count: int) -> list[str]:
        present = [k for k in keys if k in self.postings]
        present.sort(key=lambda k: len(self.postings[k]))
        return present[:count]

    def candidates(self, fp: Fingerprint, alive: Callable[[int], bool]) -> list[int]:
        """Positions of the indexed articles that share the most rare features with `fp`,
        for which `alive` (inside the window) holds."""
        hits: Counter[int] = Counter()
        same = self._rarest([f"{fp.language}:{s}" for s in fp.stems], self.cfg.rare_stems)
        cap = self.cfg.max_postings
        for key in same:
            hits.update(self.postings[key][-cap:])
        cross: Counter[int] = Counter()
        if self.per_language[fp.language] == len(self.languages):
            return self._best(hits, alive)  # nothing in another language to look for
        other = self._rarest(
            [f"n:{k}" for k in fp.names] + [f"f:{f}" for f in fp.figures], self.cfg.rare_stems
        )
        for key in other:
            cross.update(p for p in self.postings[key][-cap:] if self.languages[p] != fp.language)
        return self._best(hits, alive) + self._best(cross, alive) + self._nearest(fp, alive)

    def _nearest(self, fp: Fingerprint, alive: Callable[[int], bool]) -> list[int]:
        """The other languages' articles whose meaning is nearest `fp`'s."""
        if fp.vector is None or not self.cfg.vector_candidates:
            return []
        vector = fp.vector
        return [
            pos
            for language, shelf in self.shelves.items()
            if language != fp.language
            for pos in shelf.nearest(vector, self.cfg.vector_candidates, alive)
        ]

    def _best(self, hits: Counter[int], alive: Callable[[int], bool]) -> list[int]:
        """The most-hit positions (at least two hits) that are alive, best first, newest first
        among equals; stops as soon as enough are found."""
        ranked = sorted(((n, p) for p, n in hits.items() if n >= 2), reverse=True)
        out: list[int] = []
        for _, pos in ranked:
            if alive(pos):
                out.append(pos)
                if len(out) >= self.cfg.candidates:
                    break
        return out
