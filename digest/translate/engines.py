"""The translation engines of a run: one for each configured direction with a model installed,
each loading its model only when something is not already in the cache."""

from __future__ import annotations

from collections.abc import Sequence

from digest.config import Config
from digest.translate import packages
from digest.translate.argos import ArgosEngine
from digest.translate.base import Engine
from digest.translate.packages import Model


class LazyEngine:
    """An installed model's engine, loaded only when something is not in the cache."""

    def __init__(self, model: Model, config: Config) -> None:
        self.model = model
        self.config = config
        self.label = model.label
        self._engine: Engine | None = None

    def translate_batch(self, texts: Sequence[str]) -> list[str]:
        if self._engine is None:
            self._engine = ArgosEngine(self.model, self.config.translate)
        return self._engine.translate_batch(texts)


def engines(config: Config) -> dict[str, Engine]:
    """An engine for each configured direction with a model installed. Build it once per run
    and pass it to every stage: a model is loaded only when first needed, and only once."""
    found: dict[str, Engine] = {}
    for pair in config.translate.pairs:
        model = packages.find(config.translate.models_dir, pair)
        if model is not None:
            found[pair] = LazyEngine(model, config)
    return found
