"""Builds the English background table for `digest.cluster.rarity` from wordfreq's list.

    pip install wordfreq==3.1.1 && python -m lab.background

Writes `digest/cluster/data/en_background.tsv.gz`: Snowball stem, tab, frequency per token (the
summed frequencies of the 60,000 most frequent English words with that stem). wordfreq's data is
CC BY-SA 4.0 (Robyn Speer and contributors); the table is a derived work under the same licence.
wordfreq is a build-time tool only: the project does not depend on it at run time. The Russian
background comes from natasha's navec vocabulary at run time and needs no table.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import snowballstemmer

OUT = Path(__file__).resolve().parents[1] / "digest" / "cluster" / "data" / "en_background.tsv.gz"
WORDS = 60_000


def main() -> None:
    from wordfreq import top_n_list, word_frequency  # type: ignore[import-not-found]

    stemmer = snowballstemmer.stemmer("english")
    table: dict[str, float] = {}
    for word in top_n_list("en", WORDS):
        if not word.isalpha():
            continue
        stem = stemmer.stemWord(word)
        table[stem] = table.get(stem, 0.0) + word_frequency(word, "en")
    lines = [f"{s}\t{f:.3e}\n" for s, f in sorted(table.items(), key=lambda kv: -kv[1])]
    with gzip.open(OUT, "wt", encoding="utf-8") as handle:
        handle.write("# stem\tfrequency per token; derived from wordfreq 3.1.1 (CC BY-SA 4.0)\n")
        handle.writelines(lines)
    print(f"background {len(lines)} stems -> {OUT}")


if __name__ == "__main__":
    main()
