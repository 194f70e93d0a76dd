"""Translation benchmark (issue 5): an issue's worth of sentences through our batched path
against argostranslate's plain per-text `translate()`, on the same model, in one run.

The model has the shape of a Transformer-base (6 encoder and 6 decoder layers, d_model 512,
8 heads, feed-forward 2048), int8, with random weights, built here (no real model can be
downloaded on these machines). Its SentencePiece vocabulary is trained on the seed articles and
the feed fixtures. Random weights never emit the end token, so every sentence decodes to the
length limit: absolute speeds are lower than a real model's; the ratios are what to read.

    python -m bench.translate            # all modes, each in a child process
    python -m bench.translate MODE       # one mode: argos | ours-256 | ours | direct

Modes: `argos` is argostranslate's `translate()` per text (its defaults: decoding up to 256
tokens; beam size set to ours, 2, through ARGOS_BEAM_SIZE); `ours-256` is our batched path with
the same decoding limit (the effect of batching alone); `ours` is our path as configured (it
also stops decoding at twice the input length plus 10 tokens).
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "bench" / "out"
SENTENCES = 60
BEAM = 2


def _corpus() -> list[str]:
    texts = []
    for p in sorted((ROOT / "seeds").glob("*.txt")):
        texts += [line for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]
    for p in sorted((ROOT / "tests" / "data").rglob("*.txt")):
        text = p.read_text(encoding="utf-8", errors="replace")  # one fixture is windows-1251
        texts += [line for line in text.splitlines() if line.strip()]
    return texts


def _sentences() -> list[str]:
    from digest.translate.argos import split_sentences

    out: list[str] = []
    for p in sorted((ROOT / "seeds").glob("*.txt")):
        out += [s for s in split_sentences(p.read_text(encoding="utf-8")) if len(s.split()) > 5]
    return out[:SENTENCES]


def package() -> Path:
    """Build (once, cached under bench/out/) the Transformer-base-shaped random package."""
    from tests.support.synthetic_model import build_package

    path = CACHE / "base_ru_en.argosmodel"
    if not path.exists():
        build_package(path, _corpus(), "ru", "en", vocab_size=8000, layers=(6, 6), d=512,
                      heads=8, ff=2048, quantization="int8", version="base-random")  # fmt: skip
    return path


def run_mode(mode: str, models_dir: Path) -> dict[str, object]:
    os.environ["ARGOS_BEAM_SIZE"] = str(BEAM)
    from digest.config import TranslateConfig
    from digest.translate import packages as models
    from digest.translate.argos import ArgosEngine, offline_sentencizer

    model = models.find(models_dir, "ru-en")
    assert model is not None
    sentences = _sentences()
    if mode == "argos":
        models.argos(models_dir)
        offline_sentencizer()
        from argostranslate import translate

        langs = {lang.code: lang for lang in translate.get_installed_languages()}
        translation = langs["ru"].get_translation(langs["en"])
        assert translation is not None
        translation.translate(sentences[0])  # load the model outside the timing
        start = time.perf_counter()
        for s in sentences:
            translation.translate(s)
    elif mode == "direct":
        # CTranslate2's translate_batch called directly on the same sentences, tokenised
        # beforehand (outside the timing), with the same batch, beam and length settings
        cfg = TranslateConfig(beam_size=BEAM, threads=2, batch_size=32)
        engine = ArgosEngine(model, cfg, progress=False, cap_length=True)
        engine.translate_batch(sentences[:1])
        from digest.translate.argos import split_sentences

        pieces = [
            p
            for s in sentences
            for para in s.split("\n\n")
            if para.strip()
            for p in (split_sentences(para) or [para])
        ]  # as our path splits them
        tokens = [engine.package.tokenizer.encode(p) for p in pieces]
        start = time.perf_counter()
        engine.translator.translate_batch(
            tokens, max_batch_size=32, beam_size=BEAM, replace_unknowns=True,
            max_decoding_length=max(16, 2 * max(len(t) for t in tokens) + 10),
        )  # fmt: skip
    else:
        cfg = TranslateConfig(beam_size=BEAM, threads=2, batch_size=32)
        engine = ArgosEngine(model, cfg, progress=False, cap_length=(mode == "ours"))
        engine.translate_batch(sentences[:1])
        start = time.perf_counter()
        engine.translate_batch(sentences)
    elapsed = time.perf_counter() - start
    return {
        "mode": mode,
        "sentences": len(sentences),
        "seconds": round(elapsed, 2),
        "sentences_per_second": round(len(sentences) / elapsed, 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def main() -> None:
    if len(sys.argv) > 1:
        print(json.dumps(run_mode(sys.argv[1], Path(sys.argv[2]))), flush=True)
        return
    from digest.translate import packages as models

    start = time.perf_counter()
    pkg = package()
    built = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as tmp:
        models_dir = Path(tmp) / "models"
        model = models.install(pkg, models_dir)
        size = sum(f.stat().st_size for f in (model.path / "model").rglob("*")) / 1e6
        print(f"translate model: 6+6 layers, d 512, int8, {size:.0f} MB (built in {built:.0f} s)")
        results = {}
        for mode in ("argos", "ours-256", "ours", "direct"):
            args = [sys.executable, "-m", "bench.translate", mode, str(models_dir)]
            out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
            r = json.loads(out.strip().splitlines()[-1])
            results[mode] = r
            print(f"translate {mode:<9} {r['sentences']} sentences in {r['seconds']:.2f} s:"
                  f" {r['sentences_per_second']:.2f} sentences/s, peak RSS {r['peak_rss_mb']} MB",
                  flush=True)  # fmt: skip
    base = float(results["argos"]["seconds"])
    for mode in ("ours-256", "ours"):
        print(f"translate {mode} is {base / float(results[mode]['seconds']):.1f}x faster"
              " than argostranslate's translate() per text")  # fmt: skip
    ours, direct = float(results["ours"]["seconds"]), float(results["direct"]["seconds"])
    print(f"translate ours takes {ours / direct:.2f}x the time of CTranslate2's translate_batch"
          " called directly (target: within 1.10x)")  # fmt: skip
    _day(float(results["ours"]["sentences_per_second"]))


def _day(rate: float, articles: int = 5000, minutes: float = 10.0) -> None:
    """What a 5,000-article day gets within a 10-minute translate.max_minutes, in the order
    the run uses (titles first, then summaries of about three sentences), at the measured
    rate of our path (sentences per second, as configured)."""
    budget = rate * minutes * 60
    titles = min(articles, budget)
    summaries = max(0.0, min(articles, (budget - titles) / 3))
    print(f"translate a {articles:,}-article day in {minutes:g} min at {rate:.2f} sentences/s:"
          f" {titles:,.0f} of {articles:,} titles and {summaries:,.0f} of {articles:,}"
          " summaries; the rest is pending for the next run")  # fmt: skip


if __name__ == "__main__":
    main()
