"""chrF and BLEU (sacrebleu) of an engine on parallel text: `digest eval translation`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import sacrebleu

from digest.errors import SourceError
from digest.translate.base import Engine


@dataclass(frozen=True)
class MTScores:
    sentences: int
    chrf: float
    bleu: float

    def line(self) -> str:
        return f"{self.sentences} sentences: chrF {self.chrf:.2f}, BLEU {self.bleu:.2f}"


def _lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError(str(path), f"cannot read: {exc}") from None


def evaluate(src: Path, ref: Path, engine: Engine) -> MTScores:
    sources, references = _lines(src), _lines(ref)
    if len(sources) != len(references) or not sources:
        raise SourceError(
            str(src), f"{len(sources)} source lines but {len(references)} reference lines"
        )
    hypotheses = engine.translate_batch(sources)
    chrf = sacrebleu.corpus_chrf(hypotheses, [references]).score
    bleu = sacrebleu.corpus_bleu(hypotheses, [references]).score
    return MTScores(len(sources), chrf, bleu)
