"""Trial columns for the rewrite judge, measured as `bench.variants` measures the shipped model,
with every decision that flips listed (docs/BENCHMARKS.md, thirteenth session). None is shipped.

    python -m bench.trials [NAME ...]      # default: all trials; "shipped" is always first

Each trial stages one more column after the shipped judge's staged ones (`told`, `reaction`:
`bench.scorer.STAGED_COLUMNS`): fitted with the judge's log odds held and the bias held, its
weight held to its sign (at or above zero for evidence for one story, at or below for evidence
against). Reported: leave-one-out on the Russian and English dev pairs and the seeds, the
held-back sets with the model fitted on all training data, then each pair whose decision
differs from the shipped model's (GAIN: now right; LOSS: now wrong). `bench.newsag` must have
run.

The columns ask what happened, not who (the twelfth session's open question):

- `hevent`: each headline without its names, rarity-weighted, found in the other text; the lesser
  of the two sides;
- `hlead`: the same, found in the other's headline and lead only (a retelling's lead tells the
  event; a development recaps the original in its body, not its lead);
- `hnew`: 1 - `hevent`, as evidence against (a headline fact the other never tells);
- `detail`: the share of the sparser side's rare words, people's names left out, that the other
  has (actors recur across one cast's events; the odd detail of one event does not);
- `seq3`: log(1 + shared runs of three content-word stems) (a wire copy keeps word order).
"""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np

import bench.scorer as s
import bench.variants as v
from bench.signals import _told
from digest.cluster.evaluate import Pair
from digest.cluster.features import Fingerprint, fingerprint
from digest.cluster.rarity import Rarity
from digest.cluster.similarity import evidence
from digest.config import ClusterConfig
from digest.text.speech import person
from digest.text.words import _WORD, _remembered, stems

Column = Callable[[Fingerprint, Fingerprint, Rarity, dict[str, float], Pair], float]


def _title_told(fp: Fingerprint, other: frozenset[str], rarity: Rarity) -> float:
    """The share of `fp`'s headline stems, its names' stems left out, found in `other` (1 for a
    headline of names only: nothing untold)."""
    names = frozenset().union(*(name_stems for _, name_stems in fp.title_names))
    return _told(fp.title - names, other, rarity.weights(fp).idf, empty=1.0)


def hevent(a: Fingerprint, b: Fingerprint, r: Rarity, found: dict[str, float], p: Pair) -> float:
    return min(_title_told(a, b.stems, r), _title_told(b, a.stems, r))


def hlead(a: Fingerprint, b: Fingerprint, r: Rarity, found: dict[str, float], p: Pair) -> float:
    return min(_title_told(a, b.lead, r), _title_told(b, a.lead, r))


def hnew(a: Fingerprint, b: Fingerprint, r: Rarity, found: dict[str, float], p: Pair) -> float:
    return 1.0 - hevent(a, b, r, found, p)


def _person(word: str) -> bool:
    """A Cyrillic word that can be a person's name (`speech.person`: a surname's shape, or
    pymorphy3's first name, surname or patronymic; a rough test, for a trial)."""
    return bool(re.match(r"[А-ЯЁ]", word)) and person(word)


def _people(fp: Fingerprint) -> frozenset[str]:
    found: set[str] = set()
    for _, word in fp.name_words:
        for part in word.split("-"):
            if _person(part):
                found |= stems(part, fp.language)
    return frozenset(found)


def detail(a: Fingerprint, b: Fingerprint, r: Rarity, found: dict[str, float], p: Pair) -> float:
    people = _people(a) | _people(b)
    rare_a, rare_b = r.weights(a).rare - people, r.weights(b).rare - people
    shared = len(rare_a & rare_b)
    return shared / min(len(rare_a), len(rare_b)) if shared else 0.0


def _runs(text: str, language: str, n: int = 3) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.lower().replace("ё", "е"))
    cache = _remembered(set(words), language)
    seq = [cache[w] for w in words if cache[w]]
    return {tuple(seq[i : i + n]) for i in range(len(seq) - n + 1)}


def seq3(a: Fingerprint, b: Fingerprint, r: Rarity, found: dict[str, float], p: Pair) -> float:
    first = _runs(f"{p.first.title}. {p.first.body}", a.language)
    second = _runs(f"{p.second.title}. {p.second.body}", b.language)
    return math.log1p(len(first & second))


COLUMNS: dict[str, tuple[Column, int]] = {  # each trial column and its weight's sign
    "hevent": (hevent, 1),
    "hlead": (hlead, 1),
    "hnew": (hnew, -1),
    "detail": (detail, 1),
    "seq3": (seq3, 1),
}


def _install() -> None:
    """`bench.scorer` computes the trial columns too, after its own (its module state is
    patched, as `bench.variants` sets its `JUDGED` and `STAGED`)."""
    base = tuple(c for c in s.COLUMNS if c not in COLUMNS)
    s.COLUMNS = (*base, *COLUMNS)  # type: ignore[assignment]
    s.SIGNS.update({name: sign for name, (_, sign) in COLUMNS.items() if sign < 0})

    def features(pair: Pair, cfg: ClusterConfig, rarity: Rarity) -> list[float]:
        a, b = fingerprint(pair.first), fingerprint(pair.second)
        found = evidence(a, b, cfg, rarity)
        trial = [column(a, b, rarity, found, pair) for column, _ in COLUMNS.values()]
        return [found[f] for f in base] + trial

    s.features = features


def _titles(path: Path) -> list[str]:
    pairs = s.pairs_of(path)
    return [f"{p.first.title[:45]} | {p.second.title[:45]}" for p in pairs]


def main() -> None:
    names = ["shipped", *[n for n in sys.argv[1:] or COLUMNS if n != "shipped"]]
    _install()
    for name in names[1:]:  # each trial: the shipped variant with its column staged after `told`
        v.VARIANTS[name] = v.VARIANTS["shipped"]
        v.STAGED[name] = [*v.STAGED["shipped"], name]
    cfg = ClusterConfig()
    paths = [s.OWN_TRAIN, *v.HELD_BACK, *v.TG, *v.REAL]
    data = {p: s._load(p, cfg) for p in paths}
    found = {n: v.decisions(n, data) for n in names}
    for name, (said, model) in found.items():
        print(f"trials {name}: judge {v.judge(name, model)}")
        for path, decided in said.items():
            print(f"trials   {path.name}: {s._line(decided, data[path][1] > 0.5)}")
    base = found["shipped"][0]
    for name in names[1:]:
        print(f"trials flips, shipped -> {name}")
        for path, decided in found[name][0].items():
            if path == s.TELEGRAM_BLIND:
                continue  # its figure only: its errors are not to be read (tests/data/cluster)
            truth = data[path][1] > 0.5
            changed = np.nonzero(decided != base[path])[0]
            titles = _titles(path) if len(changed) else []
            for i in changed:
                verdict = "GAIN" if decided[i] == truth[i] else "LOSS"
                label = "OK " if truth[i] else "BAD"
                print(f"trials   {path.name[:16]:16} {verdict} {label} {titles[i]}")


if __name__ == "__main__":
    main()
