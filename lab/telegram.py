"""Draws candidate pairs of real Telegram news posts for the team to label (same story or not).

    python -m lab.telegram [SNAPSHOT] --out FILE [--pairs 110] [--seed 9]
    python -m lab.telegram --out FILE --pairs 70 --seed 11 --min-chars 900 --apart  # whole

The posts: `data/raw/*.json` of the public repository NKTKLN/telegram-news-classifier (commit
b8b03f1, CC BY 4.0): 24 Russian channels, 26 November to 4 December 2024. SNAPSHOT is its git
directory (`git clone https://github.com/NKTKLN/telegram-news-classifier`; here the tool
library's snapshot is the default).

Each post is written as the held-out pages are: no title of its own, so its short first
paragraph is its headline (else its first sentence), the text flattened to one line, Markdown
links reduced to their words, bare links and emoji dropped, the channel's calls kept. Posts of
at least `--min-chars` characters only (250; 900 for whole articles).

Candidates: two posts of different channels within 36 hours, or of one channel within 72
(`--apart`: of different channels only; `--together`: of one channel only), sharing words
rare in that week's posts (a plain inverse-document-frequency sum over crude six-letter
stems, not the product's scorer); near-copies (nine tenths of the shorter's stems in the
other) left out, and every post already in a labelled Telegram file (`--without`, by its
text) left out, so a new file shares no post with the old ones. `--pairs` are drawn at
random, in equal numbers, from four bands of that sum (the easy, the hard and the unrelated
all occur; `--bands N`: the N with the most shared rare words only), each post in at most two
drawn pairs. The file has an empty GOLDEN:quality column: the labels are the team's, by
reading both posts (lab/data/README.md says by which rule).
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import random
import re
import unicodedata
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

from lab.newsag import COLUMNS, git

ROOT = Path(__file__).resolve().parents[1]
SNAPSHOT = Path("/work/.mirror/NKTKLN+telegram-news-classifier/repo")
LABELLED = sorted((ROOT / "lab/data").glob("telegram*_pairs.tsv"))
MIN_CHARS = 250
BANDS = ((30.0, math.inf), (16.0, 30.0), (10.0, 16.0), (5.0, 10.0))  # the rare-word sum's bands

_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_URL = re.compile(r"https?://\S+|t\.me/\S+")
_WORD = re.compile(r"[а-яёa-z]{4,}")


def _clean(text: str) -> str:
    text = _URL.sub(" ", _LINK.sub(r"\1", text)).replace("**", "").replace("__", "")
    return "".join(c for c in text if unicodedata.category(c) not in ("So", "Sk", "Cs", "Co"))


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def headline(text: str) -> tuple[str, str]:
    """(headline, rest): the short first paragraph, else the first sentence."""
    text = _clean(text).strip()
    first, _, rest = text.partition("\n\n")
    if 20 <= len(first) <= 250:
        return _flat(first), _flat(rest)
    flat = _flat(text)
    end = re.search(r"[.!?…](?=\s+[«\"А-ЯЁA-Z])", flat[:300])
    cut = end.end() if end else min(len(flat), 200)
    return flat[:cut].strip(), flat[cut:].strip()


def _stems(text: str) -> frozenset[str]:
    return frozenset(w[:6] for w in _WORD.findall(text.lower().replace("ё", "е")))


def posts(snapshot: Path, min_chars: int = MIN_CHARS) -> list[dict[str, str]]:
    tree = git(snapshot, "ls-tree", "--name-only", "HEAD", "data/raw/").split()
    found = []
    for path in tree:
        for item in json.loads(git(snapshot, "show", f"HEAD:{path}")):
            text = item.get("text") or ""
            title, body = headline(text)
            if len(title) + len(body) < min_chars or not body:
                continue
            found.append({"channel": item["channel"], "id": str(item["sender_id"]),
                          "message": str(item["message_id"]), "date": item["date"],
                          "title": title, "body": body})  # fmt: skip
    return found


def _used(files: list[Path]) -> list[frozenset[str]]:
    """The stems of every post in the labelled files."""
    csv.field_size_limit(1 << 30)
    seen: list[frozenset[str]] = []
    for path in files:
        with path.open(encoding="utf-8", newline="") as src:
            for row in csv.DictReader(src, delimiter="\t"):
                for side in ("first", "second"):
                    title, text = row[f"INPUT:{side}_title"], row[f"INPUT:{side}_text"]
                    seen.append(_stems(f"{title} {text}"))
    return seen


def _labelled(post: dict[str, str], used: list[frozenset[str]]) -> bool:
    """Whether the post is one of `used` (nine tenths of either's stems in the other)."""
    mine = _stems(f"{post['title']} {post['body']}")
    return any(len(mine & old) >= 0.9 * min(len(mine), len(old)) for old in used)


def candidates(
    found: list[dict[str, str]], apart: bool = False, together: bool = False
) -> list[tuple[float, int, int]]:
    stems = [_stems(f"{p['title']} {p['body']}") for p in found]
    df = Counter(s for group in stems for s in group)
    idf = {s: math.log(len(found) / n) for s, n in df.items()}
    when = [datetime.fromisoformat(p["date"]) for p in found]
    out = []
    for i in range(len(found)):
        for j in range(i + 1, len(found)):
            same = found[i]["channel"] == found[j]["channel"]
            if (same and apart) or (together and not same):
                continue
            if abs(when[i] - when[j]) > timedelta(hours=72 if same else 36):
                continue
            shared = stems[i] & stems[j]
            if len(shared) < 2 or len(shared) >= 0.9 * min(len(stems[i]), len(stems[j])):
                continue
            out.append((sum(idf[s] for s in shared if df[s] <= 20), i, j))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m lab.telegram")
    parser.add_argument("snapshot", nargs="?", type=Path, default=SNAPSHOT)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--pairs", type=int, default=110)
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--min-chars", type=int, default=MIN_CHARS)
    parser.add_argument("--bands", type=int, default=len(BANDS), help="the first N bands only")
    channels = parser.add_mutually_exclusive_group()  # both would leave no pair to draw
    channels.add_argument("--apart", action="store_true", help="pairs of two channels only")
    channels.add_argument("--together", action="store_true", help="pairs of one channel only")
    parser.add_argument("--without", type=Path, nargs="*", default=LABELLED)
    args = parser.parse_args()
    used = _used(args.without)
    found = [p for p in posts(args.snapshot, args.min_chars) if not _labelled(p, used)]
    pool = candidates(found, args.apart, args.together)
    rng = random.Random(args.seed)
    drawn: list[tuple[int, int]] = []
    times: Counter[int] = Counter()
    for low, high in BANDS[: args.bands]:
        band = [(i, j) for s, i, j in pool if low <= s < high]
        rng.shuffle(band)
        taken = 0
        for i, j in band:
            if taken == args.pairs // args.bands + 1:
                break
            if times[i] < 2 and times[j] < 2:
                drawn.append((i, j))
                times.update((i, j))
                taken += 1
    rng.shuffle(drawn)
    with args.out.open("w", encoding="utf-8", newline="") as dst:
        out = csv.writer(dst, delimiter="\t", lineterminator="\n")
        out.writerow(COLUMNS)
        for i, j in drawn[: args.pairs]:
            a, b = found[i], found[j]
            urls = [f"https://t.me/c/{p['id'].removeprefix('-100')}/{p['message']}" for p in (a, b)]
            out.writerow([a["title"], b["title"], *urls, a["body"], b["body"], "", ""])
    print(f"telegram: {min(len(drawn), args.pairs)} pairs of {len(found)} posts -> {args.out}")


if __name__ == "__main__":
    main()
