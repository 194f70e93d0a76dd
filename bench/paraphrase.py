"""Whether headline paraphrases can teach word vectors what happened (docs/BENCHMARKS.md,
fifteenth session). An experiment; nothing here is shipped.

    python -m bench.paraphrase [SNAPSHOT]   # ~5 minutes

The data: the ParaPhraser corpus (paraphraser.ru, 2015; a permissive licence that asks for its
authorship to be kept): 7,227 pairs of Russian news headlines of one day, labelled precise
paraphrase (1,688), near paraphrase (2,957) or not a paraphrase (2,582: mostly one topic, two
events, «Самолеты МЧС вывезут россиян из Сирии» / «Вернувшихся из Сирии россиян волнует вопрос
трудоустройства»). Read from the snapshot of the public repository
dmikrav/paraphraser.ainlconf.2016 (commit 748fffb, `intermediate_data/original_sentences/{-1,0,1}`;
fetched by the tool library to /work/.mirror). None of it is one of our labelled sets.

The model: natasha's navec vectors through a learned 300 x 300 projection, each word weighted
by a learned function of its rarity; two texts' similarity is the lesser of the two directions
of a soft alignment (each word's best cosine among the other text's words, weighted by rarity).
Trained (torch) to tell paraphrases, near or precise, from the rest, on four fifths of the pairs;
the other fifth reports its AUC.

Reported: that AUC; the AUC of the similarity of each pair's headlines, and of its headlines with
their first 300 characters, on our real sets; and the shipped model's figures with the
similarity of headline and lead as one more column of the rewrite judge, staged after `told`
and `reaction` as those are, measured from the similarity two-story pairs have (its median over
the judge's real training pairs), 0 for a pair that is not Russian on both sides.
"""

from __future__ import annotations

import random
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np

import bench.scorer as s
from bench.ceiling import _auc, navec
from digest.cluster.evaluate import Pair, read_pairs
from digest.config import ClusterConfig

SNAPSHOT = Path("/work/.mirror/dmikrav+paraphraser.ainlconf.2016/repo/.git")
COMMIT = "748fffbfb383c1349351ee2340230a40ae884e61"
CLASSES = {"-1": 0.0, "0": 1.0, "1": 1.0}  # not a paraphrase; near; precise
LEAD = 300  # characters of the text after the headline that count as its lead


def corpus(snapshot: Path) -> list[tuple[str, str, float]]:
    """The corpus's headline pairs with their label (1: a paraphrase, near or precise)."""
    found = []
    for name, label in CLASSES.items():
        path = f"{COMMIT}:intermediate_data/original_sentences/{name}"
        text = subprocess.run(
            ["git", f"--git-dir={snapshot}", "show", path], capture_output=True, text=True
        ).stdout
        for block in text.split("=" * 36):
            lines = [line.strip() for line in block.strip().split("\n") if line.strip()]
            if len(lines) == 2:
                found.append((lines[0], lines[1], label))
    return found


Similar = Callable[[list[int], list[int]], float]


def train(pairs: list[tuple[list[int], list[int], float]], rarity: np.ndarray,
          vectors: np.ndarray, epochs: int = 3) -> tuple[Similar, Similar]:  # fmt: skip
    """The aligned similarity before training and after."""
    import torch

    torch.manual_seed(0)
    table, weigh = torch.tensor(vectors), torch.tensor(rarity)
    project = torch.nn.Parameter(torch.eye(300))
    slope, shift = torch.nn.Parameter(torch.tensor(1.0)), torch.nn.Parameter(torch.tensor(0.0))
    scale, bias = torch.nn.Parameter(torch.tensor(5.0)), torch.nn.Parameter(torch.tensor(-2.0))

    Weights = tuple[torch.Tensor, torch.Tensor, torch.Tensor]  # projection, rarity slope, shift
    learned: Weights = (project, slope, shift)

    def similar(one: list[int], two: list[int], weights: Weights) -> torch.Tensor:
        matrix, a, b = weights
        x, y = torch.tensor(one or [0]), torch.tensor(two or [0])
        wx = torch.nn.functional.softplus(a * weigh[x] + b)
        wy = torch.nn.functional.softplus(a * weigh[y] + b)
        ex, ey = table[x] @ matrix, table[y] @ matrix
        ex = ex / (ex.norm(dim=1, keepdim=True) + 1e-9)
        ey = ey / (ey.norm(dim=1, keepdim=True) + 1e-9)
        best = ex @ ey.T
        return torch.minimum(
            (wx * best.max(1).values).sum() / wx.sum(), (wy * best.max(0).values).sum() / wy.sum()
        )

    def frozen() -> Similar:
        """The similarity with the weights as they are now, kept apart from further training."""
        kept: Weights = (project.detach().clone(), slope.detach().clone(), shift.detach().clone())

        def value(one: list[int], two: list[int]) -> float:
            with torch.no_grad():
                return float(similar(one, two, kept))

        return value

    before = frozen()
    optimiser = torch.optim.Adam([project, slope, shift, scale, bias], lr=2e-3)
    order = list(range(len(pairs)))
    rng = random.Random(0)
    for epoch in range(epochs):
        rng.shuffle(order)
        for start in range(0, len(order), 64):
            batch = [pairs[i] for i in order[start : start + 64]]
            values = torch.stack([similar(a, b, learned) for a, b, _ in batch])
            labels = torch.tensor([label for *_, label in batch])
            loss = (
                torch.nn.functional.binary_cross_entropy_with_logits(scale * values + bias, labels)
                + 1e-3 * ((project - torch.eye(300)) ** 2).sum()
            )
            optimiser.zero_grad()
            loss.backward()  # type: ignore[no-untyped-call]
            optimiser.step()
        print(f"paraphrase epoch {epoch + 1} done")
    return before, frozen()


def _lead(pair: Pair, ids: Callable[[str], list[int]]) -> tuple[list[int], list[int]]:
    return (
        ids(f"{pair.first.title} {pair.first.body[:LEAD]}"),
        ids(f"{pair.second.title} {pair.second.body[:LEAD]}"),
    )


def _judged(similar: Similar, ids: Callable[[str], list[int]]) -> None:
    """The shipped model with the headline-and-lead similarity staged in the rewrite judge."""
    cfg = ClusterConfig()
    real = s.real_files()
    held = [
        s.OWN_HELD_BACK,
        *s.TELEGRAM_TRAIN,
        *([s.NEWSAG_HELD_BACK] if s.NEWSAG_HELD_BACK.is_file() else []),
    ]
    files = [s.OWN_TRAIN, *real, *held]
    data = {p: s._load(p, cfg) for p in files}
    column = {}
    for path in files:
        pairs = s.pairs_of(path)
        column[path] = np.array([
            similar(*_lead(p, ids)) if p.first.language == "ru" == p.second.language else np.nan
            for p in pairs
        ])  # fmt: skip
    chance = float(np.nanmedian(np.concatenate([column[p][data[p][1] < 0.5] for p in real])))
    print(
        f"paraphrase the similarity of two-story pairs (median, judge's real pairs): {chance:.3f}"
    )
    base = s.COLUMNS, s.STAGED
    for added in (False, True):
        if added:
            s.COLUMNS = (*base[0], "sense")  # type: ignore[assignment]
            s.STAGED = [*base[1], len(base[0])]
            for path in files:
                sense = np.nan_to_num(column[path] - chance, nan=0.0)
                data[path] = (np.hstack([data[path][0], sense[:, None]]), data[path][1])
        training = {s.OWN_TRAIN: s.OWN_WEIGHT, **dict.fromkeys(real, 1.0)}
        calibrating = dict.fromkeys(real, 1.0)
        model = s._fit(
            s._parts(data, training, []), s.HELD_AT_ZERO, s._parts(data, calibrating, [])
        )
        name = "with the similarity staged" if added else "shipped"
        print(f"paraphrase {name}: judge {np.round(model[2], 3)} bias {model[3]:.3f}")
        for path in s.LOO:
            others = s._parts(data, training, [path]), s._parts(data, calibrating, [path])
            line = s._leave_one_out(data[path], *others, s.HELD_AT_ZERO)
            print(f"paraphrase   leave-one-out {path.name}: {line}")
        for path in held:
            line = s._line(s._decided(data[path][0], model), data[path][1] > 0.5)
            print(f"paraphrase   held back {path.name}: {line}")
        said = np.concatenate([s._decided(data[p][0], model) for p in s.TELEGRAM_TRAIN])
        truth = np.concatenate([data[p][1] for p in s.TELEGRAM_TRAIN]) > 0.5
        print(f"paraphrase   held back, the 5 Telegram files: {s._line(said, truth)}")
    s.COLUMNS, s.STAGED = base


def main() -> None:
    snapshot = Path(sys.argv[1]) if len(sys.argv) > 1 else SNAPSHOT
    ids, rarity, vectors = navec()
    found = [(ids(a), ids(b), label) for a, b, label in corpus(snapshot)]
    rng = random.Random(0)
    rng.shuffle(found)
    cut = len(found) * 4 // 5
    print(f"paraphrase {len(found)} headline pairs: {cut} to train on, {len(found) - cut} to check")
    before, after = train(found[:cut], rarity, vectors)
    sets = {"the 5 Telegram files": s.TELEGRAM_TRAIN, "ru pool": [s.LOO[0]],
            "real headlines": [s.NEWSAG_TRAIN, s.NEWSAG_HELD_BACK]}  # fmt: skip
    for label, similar in (("plain navec, aligned", before), ("trained", after)):
        check = _auc([similar(a, b) for a, b, _ in found[cut:]], [y > 0.5 for *_, y in found[cut:]])
        print(f"paraphrase {label}: AUC on the corpus's held-back fifth {check:.3f}")
        for name, files in sets.items():
            pairs = [p for f in files for p in read_pairs(f)]
            heads = [similar(ids(p.first.title), ids(p.second.title)) for p in pairs]
            leads = [similar(*_lead(p, ids)) for p in pairs]
            truth = [p.same for p in pairs]
            print(f"paraphrase   {name}: AUC headlines {_auc(heads, truth):.3f},"
                  f" headline and lead {_auc(leads, truth):.3f}")  # fmt: skip
    _judged(after, ids)


if __name__ == "__main__":
    main()
