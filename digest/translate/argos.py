"""The argostranslate engine: its packages and tokenizer, CTranslate2 for the work, batched.

argostranslate translates one text at a time, splitting sentences with MiniSBD, Stanza or
spaCy models that it downloads on first use. Here every string of an issue is split locally
(razdel, which keeps «г.», «т.е.», «млн», «Mr.» intact), tokenised with the package's own
SentencePiece model, and sent to CTranslate2 in one `translate_batch` call, cut into batches of
`translate.batch_size` sentences. `offline_sentencizer` also replaces argostranslate's own
splitters, so even its plain `translate()` never reaches for the network.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from digest.config import TranslateConfig
from digest.text.basics import sentences
from digest.translate.packages import Model, argos

PROGRESS_CHUNK = 256  # sentences per progress step on a terminal


def split_sentences(text: str) -> list[str]:
    return [s for s in sentences(text) if s.strip()]


class LocalSentencizer:
    """A drop-in for argostranslate's sentence splitters that needs no model and no network."""

    def __init__(self, pkg: Any = None) -> None:
        self.pkg = pkg

    def split_sentences(self, text: str, lang: Any = None) -> list[str]:
        return split_sentences(text)


def offline_sentencizer() -> None:
    """Make argostranslate's own translate() split sentences locally, never downloading."""
    from argostranslate import translate

    for name in ("MiniSBDSentencizer", "StanzaSentencizer", "SpacySentencizerSmall"):
        setattr(translate, name, LocalSentencizer)


class ArgosEngine:
    """One direction of an installed argos package, translating many texts per call."""

    def __init__(
        self,
        model: Model,
        cfg: TranslateConfig,
        translator_factory: Callable[..., Any] | None = None,
        progress: bool | None = None,
        cap_length: bool = True,
    ) -> None:
        import ctranslate2

        package = argos(model.path.parent)
        self.package = package.Package(model.path)
        self.label = model.label
        self.cfg = cfg
        factory = translator_factory or ctranslate2.Translator
        self.translator = factory(
            str(Path(model.path) / "model"), device="cpu", inter_threads=1,
            intra_threads=cfg.threads, compute_type="auto",
        )  # fmt: skip
        self.progress = sys.stderr.isatty() if progress is None else progress
        self.cap_length = cap_length  # stop decoding at 2×input+10 tokens (runaway output)

    def _decode(self, tokens: list[str]) -> str:
        value: str = self.package.tokenizer.decode(tokens)
        prefix = getattr(self.package, "target_prefix", "") or ""
        if prefix and value.startswith(prefix):
            value = value[len(prefix) :]
        return value.strip()

    def translate_batch(self, texts: Sequence[str]) -> list[str]:
        """Translate `texts`: paragraphs and sentences split locally, all sentences batched."""
        shape: list[list[int]] = []  # per text, the number of sentences in each paragraph
        sentences: list[str] = []
        for text in texts:
            paragraphs = [p for p in text.split("\n\n") if p.strip()] or [text]
            counts = []
            for para in paragraphs:
                parts = split_sentences(para) or [para]
                sentences += parts
                counts.append(len(parts))
            shape.append(counts)
        out = self._sentences(sentences)
        results: list[str] = []
        pos = 0
        for counts in shape:
            paras = []
            for n in counts:
                paras.append(" ".join(out[pos : pos + n]))
                pos += n
            results.append("\n\n".join(paras))
        return results

    def _cap(self, chunk: list[list[str]]) -> int:
        if not self.cap_length:
            return 256  # CTranslate2's default, as argostranslate uses it
        return max(16, 2 * max((len(t) for t in chunk), default=0) + 10)

    def _sentences(self, sentences: list[str]) -> list[str]:
        tokenized = [self.package.tokenizer.encode(s) for s in sentences]
        prefix = getattr(self.package, "target_prefix", "") or ""
        out: list[str] = []
        step = PROGRESS_CHUNK if self.progress else max(1, len(tokenized))
        for start in range(0, len(tokenized), step):
            chunk = tokenized[start : start + step]
            results = self.translator.translate_batch(
                chunk,
                target_prefix=[[prefix]] * len(chunk) if prefix else None,
                max_batch_size=self.cfg.batch_size,
                beam_size=self.cfg.beam_size,
                max_decoding_length=self._cap(chunk),
                replace_unknowns=True,
            )
            out += [self._decode(r.hypotheses[0]) for r in results]
            if self.progress:
                done = min(start + step, len(tokenized))
                print(f"\rtranslate {self.label}: {done}/{len(tokenized)} sentences",
                      end="" if done < len(tokenized) else "\n", file=sys.stderr)  # fmt: skip
        return out
