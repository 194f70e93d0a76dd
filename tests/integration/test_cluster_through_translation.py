"""Across languages through a translation: with an en→ru engine installed, an English article
with no names or figures in common joins the Russian story it retells; without one it stays
apart. The engine is a fake (named so): a lookup table standing in for a real model, which
cannot be downloaded here; the real engine's plumbing is tested in test_translate.py."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

from digest import pipeline
from digest.config import load
from digest.store import db

ROOT = Path(__file__).resolve().parents[2]
ENGLISH = ROOT / "tests" / "data" / "through_translation" / "en_pipeline.txt"
# Keys and values as the engine sees them: numbers are protected, replaced by ⟦0⟧.
LOOKUP = {
    "Gas pipeline to the north will open at the start of ⟦0⟧":
        "Газопровод на север заработает в начале ⟦0⟧ года",
    "The ambassador said the main gas pipeline project is planned to enter service at the"
    " start of ⟦0⟧, under a memorandum signed with the gas company, and will secure reliable"
    " gas supply for the northern regions. He added that the transit of gas through the country"
    " is growing step by step, and that building the first nuclear power plant has started on"
    " the lake shore.":
        "Посол сообщил, что проект магистрального газопровода планируется ввести в эксплуатацию"
        " в начале ⟦0⟧ года; меморандум о реализации проекта подписан с газовой компанией, и он"
        " обеспечит надежное газоснабжение северных регионов. Посол подчеркнул, что объемы"
        " транзита газа постепенно увеличиваются, а строительство первой атомной станции уже"
        " началось на берегу озера.",
}  # fmt: skip


class FakeLookupEngine:
    """A fake en→ru engine: returns the Russian text the table gives (a perfect translation)."""

    label = "fake lookup en→ru"

    def translate_batch(self, texts: Sequence[str]) -> list[str]:
        return [LOOKUP.get(" ".join(t.split()), t) for t in texts]


def _setup(tmp_path: Path) -> tuple[object, object]:
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    shutil.copy(ENGLISH, tmp_path / "seeds" / "en_pipeline.txt")
    (tmp_path / "config.yaml").write_text("cluster:\n  window_days: 7\n", encoding="utf-8")
    config = load(tmp_path / "config.yaml")
    conn = db.connect(config.database)
    pipeline.collect(config, conn)
    return config, conn


def _story_of(conn: object, source: str) -> str:
    for m in db.memberships(conn):  # type: ignore[arg-type]
        stored = db.article(conn, m.article_id)  # type: ignore[arg-type]
        if stored is not None and stored.article.source.startswith(source):
            return m.story_id
    raise AssertionError(source)


def test_joins_through_translation_when_a_model_is_installed(tmp_path: Path) -> None:
    config, conn = _setup(tmp_path)
    pipeline.cluster(config, conn, {"en-ru": FakeLookupEngine()})  # type: ignore[arg-type, dict-item]
    assert _story_of(conn, "en_pipeline") == _story_of(conn, "001")
    joined = next(m for m in db.memberships(conn) if m.why.get("through_translation"))  # type: ignore[arg-type]
    assert joined.why["cross_language"] is True


def test_stays_apart_without_a_model(tmp_path: Path) -> None:
    config, conn = _setup(tmp_path)
    pipeline.cluster(config, conn, {})  # type: ignore[arg-type]
    assert _story_of(conn, "en_pipeline") != _story_of(conn, "001")
