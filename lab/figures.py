"""How right "figures differ" is (#21), on real coverage: the one-story pairs of the labelled
Russian files (`../shared/eval/dedup/ru_train_pool.tsv`, the Telegram files in `lab/data/`,
the real headlines in `lab/out/`), both articles taken as two outlets on one day.

    python -m lab.figures            # the figures below
    python -m lab.figures --show     # each flagged pair with its sentences

Two sets, counted apart:
- **As written**: every one-story pair; the pairs where the two give a unit's figure with
  different numbers (the detector's candidates, `CANDIDATES` with our reading of each: 1 when
  it is one fact told with different numbers, 0 when two facts) and what the detector flagged.
- **Built from them**: for each pair whose first article has a figure (and that does not already
  give a figure differently as written), that figure's sentence is added to
  the second article five ways, labelled by how it was built: the number changed by a third
  (a disagreement: 1); the same number (agreement: 0); the changed number as an analysts'
  expectation (a forecast: 0), as a range («от 70 до 93»: 0), and with another year (another
  date: 0). Precision = flagged pairs labelled 1 / flagged pairs.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from digest.cluster.evaluate import read_pairs
from digest.text.basics import sentences
from digest.text.disagree import Figure, between, figures_of

ROOT = Path(__file__).resolve().parents[1]
FILES = [
    ROOT.parent / "shared/eval/dedup/ru_train_pool.tsv",
    *sorted((ROOT / "lab/data").glob("telegram_*pairs.tsv")),
    ROOT / "lab/out/newsag_train.tsv",
    ROOT / "lab/out/newsag_heldback.tsv",
]
# Pairs whose two texts give a figure of one unit with different numbers, read by us (2026-12-07):
# 1 = one fact told with different numbers, 0 = two facts.
CANDIDATES = {
    "ru_train_pool:8": 0,  # 12 dead since the pandemic began / 24 cases in Rostov-on-Don
    "telegram_blind_pairs:65": 0,  # MTS: revenue, OIBDA and growth rates of different lines
    "telegram_pairs:9": 1,  # the colony fire: 1,200 square metres / 400 square metres
    "telegram_pairs:86": 0,  # $16 bn for stocks / $8 bn for Ukraine, parts of one request
    "telegram_whole_pairs:121": 1,  # Adani's fortune: about $70 bn / $85 bn
    "telegram_whole_pairs:164": 0,  # below 0 °C outdoors / 15 °C in the flats
}


def _pairs() -> list[tuple[str, str, str]]:
    out = []
    for path in FILES:
        if path.is_file():
            for i, p in enumerate(read_pairs(path), 1):
                if p.same:
                    texts = [f"{s.title}. {s.body}" for s in (p.first, p.second)]
                    out.append((f"{path.stem}:{i}", texts[0], texts[1]))
    return out


def _candidate(a: list[Figure], b: list[Figure]) -> bool:
    """Whether two texts give a figure of one unit of one thing (currency or noun) with numbers
    more than 5 % apart, neither giving the other's: what a reader would check."""

    def gives(figs: list[Figure], f: Figure) -> bool:
        return any(h.what == f.what and h.of == f.of and abs(h.value - f.value)
                   <= 0.05 * max(h.value, f.value) for h in figs)  # fmt: skip

    return any(f.what == g.what and f.of == g.of and not gives(a, g) and not gives(b, f)
               for f in a for g in b)  # fmt: skip


def _changed(value: float) -> str:
    new = value * 4 / 3 if value >= 3 else value + 2
    return f"{new:.0f}" if new >= 10 else f"{new:.1f}".replace(".", ",")


def built(first: str, second: str) -> list[tuple[str, str, int]]:
    """(kind, the second text with a sentence added, label) for the first figure of `first`."""
    figs = figures_of(first, "ru")
    if not figs:
        return []
    f = figs[0]
    number = next(t for t in f.shown.split() if t[0].isdigit())
    sentence = next((s for s in sentences(first[:6000]) if f.shown in s), "")
    if not sentence or sentence.count(number) != 1:
        return []
    other = _changed(f.value)
    swap = sentence.replace(number, other)
    year = re.sub(r"[.!?…]*$", "", swap) + " в 2019 году."
    return [
        ("differ", f"{second} {swap}", 1),
        ("agree", f"{second} {sentence}", 0),
        ("forecast", f"{second} Аналитики ожидали, что {swap[0].lower()}{swap[1:]}", 0),
        ("range", f"{second} {sentence.replace(number, f'от {number} до {other}')}", 0),
        ("year", f"{second} {year}", 0),
    ]


def main() -> None:
    pairs = _pairs()
    flagged = {pid: between(figures_of(a, "ru"), figures_of(b, "ru")) for pid, a, b in pairs}
    flagged = {k: v for k, v in flagged.items() if v}
    if "--show" in sys.argv:
        for pid, found in flagged.items():
            print(pid, [f"{f.shown} / {g.shown}" for f, g in found])
    found = [pid for pid, a, b in pairs if _candidate(figures_of(a, "ru"), figures_of(b, "ru"))]
    unread = [pid for pid in [*found, *flagged] if pid not in CANDIDATES]
    if unread:
        print(f"figures  not yet read and labelled in CANDIDATES: {unread}")
    right = sum(1 for pid in flagged if CANDIDATES.get(pid) == 1)
    true = sum(CANDIDATES[p] for p in found if p in CANDIDATES)
    print(
        f"figures  as written: {len(pairs)} one-story pairs, {len(found)} with a unit's"
        f" figure given differently ({true} one fact, {len(found) - true} two facts);"
        f" flagged {len(flagged)}, right {right}: precision {right / max(1, len(flagged)):.3f},"
        f" recall {right / max(1, true):.3f}"
    )
    kinds: dict[str, list[int]] = {}
    hits = [0, 0]  # flagged: right, wrong
    for pid, a, b in pairs:
        if pid in flagged or pid in CANDIDATES:
            continue  # a pair that differs as written would label its copies wrong
        for kind, second, label in built(a, b):
            said = bool(between(figures_of(a, "ru"), figures_of(second, "ru")))
            kinds.setdefault(kind, []).append(int(said))
            if said:
                hits[1 - label] += 1
    counted = sum(len(v) for v in kinds.values())
    per = ", ".join(f"{k} {sum(v)}/{len(v)}" for k, v in kinds.items())
    print(
        f"figures  built: {counted} labelled pairs from {len(kinds.get('differ', []))} real ones;"
        f" flagged by kind: {per}; precision {hits[0] / max(1, sum(hits)):.3f}"
    )


if __name__ == "__main__":
    main()
