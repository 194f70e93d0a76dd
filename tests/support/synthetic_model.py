"""Build an argos package with random weights: for tests and benchmarks, never for readers.

No real translation model can be downloaded on the machines this project is built on, so the
tests and the benchmark build their own: a SentencePiece model trained on a little text, and a
CTranslate2 Transformer of the requested shape with random weights, zipped with metadata.json
as an `.argosmodel`. Its output is noise; it exercises the whole real code path.
"""

from __future__ import annotations

import io
import json
import shutil
import tempfile
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np

SPECIALS = ("<unk>", "<s>", "</s>")


def _train_sentencepiece(texts: Iterable[str], vocab_size: int, out: Path) -> list[str]:
    import sentencepiece as spm

    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(list(texts)), model_writer=model, vocab_size=vocab_size,
        hard_vocab_limit=False, model_type="unigram", character_coverage=1.0,
        unk_id=0, bos_id=1, eos_id=2, pad_id=-1, minloglevel=2,
    )  # fmt: skip
    out.write_bytes(model.getvalue())
    sp = spm.SentencePieceProcessor(model_file=str(out))
    return [sp.id_to_piece(i) for i in range(sp.get_piece_size())]


def _shape(path: str, d: int, ff: int, vocab: int) -> tuple[int, ...]:
    parts = path.split("/")
    leaf, owner = parts[-1], "/".join(parts[:-1])
    if "embeddings" in owner or owner.endswith("projection"):
        return (vocab, d) if leaf == "weight" else (vocab,)
    if owner.endswith("layer_norm"):
        return (d,)
    rows = d
    if owner.endswith("self_attention/linear_0"):
        rows = 3 * d
    elif owner.endswith("attention/linear_1") and "/self_attention/" not in f"/{owner}/":
        rows = 2 * d
    elif owner.endswith("ffn/linear_0"):
        rows = ff
    cols = ff if owner.endswith("ffn/linear_1") else d
    return (rows, cols) if leaf == "weight" else (rows,)


def _set(spec: Any, path: str, value: np.ndarray) -> None:
    node = spec
    parts = path.split("/")
    for part in parts[:-1]:
        name, _, index = part.rpartition("_")
        if index.isdigit() and hasattr(node, name) and isinstance(getattr(node, name), list):
            node = getattr(node, name)[int(index)]
        else:
            node = getattr(node, part)
    setattr(node, parts[-1], value)


def build_model(
    folder: Path, vocab: list[str], layers: tuple[int, int], d: int, heads: int, ff: int,
    quantization: str | None, seed: int = 0,
) -> None:  # fmt: skip
    """A CTranslate2 Transformer with random weights, saved in `folder`."""
    from ctranslate2.specs import transformer_spec

    spec = transformer_spec.TransformerSpec.from_config(num_layers=layers, num_heads=heads)
    rng = np.random.default_rng(seed)
    for path, value in spec.variables(ordered=True):
        if value is None and not path.endswith("/bias"):
            shape = _shape(path, d, ff, len(vocab))
            if path.endswith("gamma"):
                array = np.ones(shape, dtype=np.float32)
            elif path.endswith("beta"):
                array = np.zeros(shape, dtype=np.float32)
            else:
                array = rng.normal(0, 0.02, shape).astype(np.float32)
            _set(spec, path, array)
    spec.register_source_vocabulary(vocab)
    spec.register_target_vocabulary(vocab)
    spec.validate()
    spec.optimize(quantization=quantization)
    folder.mkdir(parents=True, exist_ok=True)
    spec.save(str(folder))


def build_package(
    out: Path, texts: Iterable[str], from_code: str = "ru", to_code: str = "en", *,
    vocab_size: int = 300, layers: tuple[int, int] = (1, 1), d: int = 32, heads: int = 2,
    ff: int = 64, quantization: str | None = None, version: str = "0.0-random",
) -> Path:  # fmt: skip
    """Write `out` (an .argosmodel zip) for `from_code`→`to_code` and return it."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / f"translate-{from_code}_{to_code}-random"
        root.mkdir()
        vocab = _train_sentencepiece(texts, vocab_size, root / "sentencepiece.model")
        build_model(root / "model", vocab, layers, d, heads, ff, quantization)
        metadata = {
            "package_version": version, "argos_version": "1.9", "from_code": from_code,
            "from_name": from_code, "to_code": to_code, "to_name": to_code,
            "type": "translate", "links": [],
        }  # fmt: skip
        (root / "metadata.json").write_text(json.dumps(metadata), encoding="utf-8")
        (root / "README.md").write_text("Random weights, built for tests. Output is noise.\n")
        out.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(root.rglob("*")):
                archive.write(path, path.relative_to(root.parent).as_posix())
        shutil.rmtree(root)
    return out
