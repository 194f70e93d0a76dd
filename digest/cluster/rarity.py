"""How rare a word is: the weight a shared word carries as evidence that two articles tell
one story.

A shared «Абаев» or «Ханкала» says far more than a shared «заявил» or «года». The weight is an
inverse document frequency, estimated from two sources blended as a prior and its evidence:

- a **background table** for a cold start: for Russian, the word counts of natasha's navec news
  vocabulary (250,000 words counted in about a billion tokens of Russian news; installed with
  natasha, read offline), stemmed; for English, a table of stem frequencies derived from
  wordfreq's English list (`digest/cluster/data/en_background.tsv.gz`, built by
  `python -m lab.background`; wordfreq's data is CC BY-SA 4.0);
- the **store's own articles**: the document frequency of each stem among the articles being
  clustered, so what is common in this week's news (a war, an epidemic) counts less.

The background gives each stem a prior probability of appearing in an article; `PRIOR_DOCS`
says how many articles' worth of evidence that prior is worth against the store's own counts.
"""

from __future__ import annotations

import gzip
import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import snowballstemmer

if TYPE_CHECKING:
    from digest.cluster.features import Fingerprint

TOKENS_PER_DOC = 250.0  # a news article's length in tokens: turns a token count into a doc share
PRIOR_DOCS = 20000.0  # how many articles of evidence the background is worth
MAX_IDF = 13.0  # an unseen word: about one article in half a million
_DATA = Path(__file__).with_name("data")


def _stem_counts(words: Iterable[tuple[str, int]], language: str) -> dict[str, float]:
    stemmer = snowballstemmer.stemmer("russian" if language == "ru" else "english")  # ru/en only
    pairs = list(words)
    counts: dict[str, float] = {}
    stems = stemmer.stemWords([w.replace("ё", "е") for w, _ in pairs])
    for stem, (_, count) in zip(stems, pairs, strict=True):
        counts[stem] = counts.get(stem, 0.0) + count
    return counts


@lru_cache(maxsize=2)
def background(language: str) -> Mapping[str, float]:
    """Stem -> share of news articles it appears in (approximate), for a cold start."""
    if language == "ru":
        from natasha.data import NEWS_EMBEDDING
        from navec import Navec  # natasha's news vocabulary, shipped inside the natasha package

        vocab = Navec.load(NEWS_EMBEDDING).vocab
        words = ((w, c) for w, c in zip(vocab.words, vocab.counts, strict=True) if c > 0)
        counts = _stem_counts(words, "ru")
        total = float(sum(vocab.counts))
    else:
        path = _DATA / f"{language}_background.tsv.gz"
        if not path.is_file():
            return {}
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            rows = (ln.rstrip("\n").split("\t") for ln in handle if "\t" in ln and ln[0] != "#")
            counts = {stem: float(freq) for stem, freq in rows}
        total = 1.0  # the table holds frequencies per token already
    scale = TOKENS_PER_DOC / total
    return {stem: min(1.0, count * scale) for stem, count in counts.items()}


RARE_IDF = 7.0  # a stem found in fewer than about one article in a thousand


@dataclass(frozen=True)
class Weights:
    """One article's stem weights, taken once (when the article is first compared)."""

    idf: dict[str, float]  # every stem of the article -> its weight
    total: float  # summed weight of all its stems
    lead: float  # ... of its headline-and-lead stems
    title: float  # ... of its headline stems
    rare: frozenset[str]  # its stems with a weight of at least RARE_IDF
    lead_rare: frozenset[str]  # ... among its headline-and-lead stems


class Rarity:
    """Stem weights (inverse document frequencies) for one run of the clusterer."""

    def __init__(self, background_tables: Mapping[str, Mapping[str, float]] | None = None):
        self._bg = dict(background_tables) if background_tables is not None else {}
        self.docs: Counter[str] = Counter()  # articles seen, per language
        self.df: dict[str, Counter[str]] = {}
        self._cache: dict[str, dict[str, float]] = {}
        self._weights: dict[int, tuple[Fingerprint, Weights]] = {}

    def table(self, language: str) -> Mapping[str, float]:
        if language not in self._bg:
            self._bg[language] = background(language)
        return self._bg[language]

    @classmethod
    def of(cls, fingerprints: Iterable[Fingerprint]) -> Rarity:
        """Document frequencies counted over a whole corpus at once (each article once)."""
        rarity = cls()
        for fp in fingerprints:
            rarity.add(fp.language, fp.stems)
        return rarity

    def add(self, language: str, stems: Iterable[str]) -> None:
        """Count one article's stems (each once) into the store's document frequencies."""
        self.docs[language] += 1
        self.df.setdefault(language, Counter()).update(stems)
        if self.docs[language] % 256 == 0:
            self._cache.pop(language, None)  # the counts moved: weights recomputed lazily

    def idf(self, language: str, stem: str) -> float:
        cache = self._cache.setdefault(language, {})
        found = cache.get(stem)
        if found is not None:
            return found
        prior = self.table(language).get(stem, 0.0)
        counts = self.df.get(language)
        seen = counts[stem] if counts is not None else 0
        docs = self.docs[language]
        share = (PRIOR_DOCS * prior + seen + 0.5) / (PRIOR_DOCS + docs + 1.0)
        value = min(MAX_IDF, max(0.0, -math.log(share)))
        cache[stem] = value
        return value

    def weights(self, fp: Fingerprint) -> Weights:
        """`fp`'s weights, computed on first use and kept until `forget(fp)`."""
        kept = self._weights.get(id(fp))
        if kept is not None and kept[0] is fp:
            return kept[1]
        lang = fp.language
        cache = self._cache.setdefault(lang, {})
        idf = {}
        for stem in fp.stems | fp.lead | fp.title:
            value = cache.get(stem)  # most are known already: no call needed
            idf[stem] = value if value is not None else self.idf(lang, stem)
        rare = frozenset(s for s, w in idf.items() if w >= RARE_IDF)
        found = Weights(
            idf=idf,
            total=sum(map(idf.__getitem__, fp.stems)),
            lead=sum(map(idf.__getitem__, fp.lead)),
            title=sum(map(idf.__getitem__, fp.title)),
            rare=rare & fp.stems,
            lead_rare=rare & fp.lead,
        )
        self._weights[id(fp)] = (fp, found)
        return found

    def forget(self, fp: Fingerprint) -> None:
        """Drop `fp`'s weights (it left the window)."""
        self._weights.pop(id(fp), None)
