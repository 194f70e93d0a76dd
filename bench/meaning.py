"""The meaning encoder's cost (#18): milliseconds per article on this machine, for spans of
different lengths and batch sizes, on the e2e corpus's articles (sentences of the seeds, four
to an item, a sentence for a headline), plus the model's load time and memory.

    python -m bench.meaning
"""

from __future__ import annotations

import random
import resource
import time

from bench.corpus import sentences
from digest.text import meaning

ARTICLES = 256


def _spans(chars: int, rng: random.Random) -> list[str]:
    pool = sentences()
    found = []
    for _ in range(ARTICLES):
        title, body = rng.choice(pool)[:90], " ".join(rng.sample(pool, 4))
        found.append(meaning.span(title, body) if chars else title)
        if chars:
            found[-1] = found[-1][: len(title) + 2 + chars]
    return found


def main() -> None:
    start = time.perf_counter()
    meaning.encode(["загрузка модели"])
    load = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"meaning  model loaded in {load:.2f} s, peak RSS {peak:.0f} MB", flush=True)
    for chars, label in ((0, "headline only"), (150, "headline + 150 chars"),
                         (meaning.SPAN_CHARS, "headline + lead (shipped)"),
                         (600, "headline + 600 chars")):  # fmt: skip
        texts = _spans(chars, random.Random(3))
        for batch in (1, meaning.BATCH):
            saved, meaning.BATCH = meaning.BATCH, batch
            start = time.perf_counter()
            meaning.encode(texts)
            per = (time.perf_counter() - start) / len(texts) * 1000
            meaning.BATCH = saved
            print(f"meaning  {label:<27} batch {batch:>2}: {per:5.1f} ms per article", flush=True)


if __name__ == "__main__":
    main()
