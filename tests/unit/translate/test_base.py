"""Protection and fallback, with fake engines: the random-weight model cannot copy text, so
these fakes (named as such) stand in where a test needs an engine that echoes or misbehaves
on purpose. The real engine path is tested in tests/integration/test_translate.py."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from digest.store import db
from digest.translate.base import checked, degenerate, protect, restore
from digest.translate.cache import translate_all


class FakeEchoEngine:
    """Returns its input unchanged: a perfect engine for checking what protection keeps."""

    label = "fake echo 1"

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def translate_batch(self, texts: Sequence[str]) -> list[str]:
        self.calls.append(list(texts))
        return list(texts)


class FakeBrokenEngine:
    """Returns a fixed bad output for everything."""

    def __init__(self, output: str) -> None:
        self.output = output
        self.label = f"fake broken {output[:8]!r}"

    def translate_batch(self, texts: Sequence[str]) -> list[str]:
        return [self.output for _ in texts]


TEXT = "Посол Даурен Абаев: газопровод за $616 млн (95 %) — см. https://lada.kz/a?b=1 и 1 200 000"


def test_protect_and_restore_round_trip() -> None:
    protected, spans = protect(TEXT, ["Даурен Абаев"])
    for kept in ("Даурен Абаев", "$616", "95 %", "https://lada.kz/a?b=1", "1 200 000"):
        assert kept in spans and kept not in protected
    assert restore(protected, spans) == TEXT
    assert restore(protected.replace("⟦1⟧", ""), spans) is None  # lost one
    assert restore(protected + " ⟦9⟧", spans) is None  # invented one


@pytest.mark.parametrize(
    ("output", "flag"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("the the the the the the", "loop"),
        ("a b a b a b a b a b a b a b a b", "loop"),
        ("!!! ... ---", "symbols"),
        ("word " * 200, "loop"),
        ("A proper sentence of normal length.", ""),
    ],
)
def test_degenerate_output_is_recognised(output: str, flag: str) -> None:
    assert degenerate("Нормальное предложение обычной длины.", output) == flag


def test_checked_falls_back_to_the_original_with_a_flag() -> None:
    kept = checked("Исходный текст.", "", [], "fake")
    assert (kept.text, kept.source, kept.flag) == ("Исходный текст.", "original", "empty")
    good = checked("Исходный текст.", "Source text.", [], "fake")
    assert (good.text, good.source, good.flag) == ("Source text.", "fake", "")


def test_service_protects_batches_and_caches(tmp_path: Path) -> None:
    conn = db.connect(tmp_path / "d.sqlite3")
    engine = FakeEchoEngine()
    items = [(TEXT, "ru"), ("Второй текст про 2030 год.", "ru"), (TEXT, "ru"), ("English.", "en")]
    table, fresh = translate_all(items, {"ru-en": engine}, conn, ["Даурен Абаев"])
    assert fresh == 2 and len(engine.calls) == 1 and len(engine.calls[0]) == 2
    assert "⟦" in engine.calls[0][0] and "616" not in engine.calls[0][0]
    assert table[(TEXT, "ru")].text == TEXT and table[(TEXT, "ru")].source == "fake echo 1"
    assert ("English.", "en") not in table  # no en-ru engine: nothing invented
    again, fresh_again = translate_all(items, {"ru-en": engine}, conn, ["Даурен Абаев"])
    assert fresh_again == 0 and len(engine.calls) == 1 and again == table


@pytest.mark.parametrize("output", ["", "⟦0⟧ ⟦0⟧ ⟦0⟧ ⟦0⟧ ⟦0⟧ ⟦0⟧", "§§§"])
def test_service_never_presents_garbage(tmp_path: Path, output: str) -> None:
    conn = db.connect(tmp_path / "d.sqlite3")
    table, _ = translate_all([(TEXT, "ru")], {"ru-en": FakeBrokenEngine(output)}, conn)
    result = table[(TEXT, "ru")]
    assert result.text == TEXT and result.source == "original" and result.flag


class FakePlaceholderDroppingEngine:
    """Loses every ⟦n⟧ placeholder (as a model whose vocabulary lacks them might) but copies
    numbers written out; checks the retry without protection."""

    label = "fake dropper 1"

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def translate_batch(self, texts: Sequence[str]) -> list[str]:
        self.calls.append(list(texts))
        return [t.replace("⟦", "").replace("⟧", "") + " (translated)" for t in texts]


def test_lost_placeholders_get_one_retry_without_protection(tmp_path: Path) -> None:
    conn = db.connect(tmp_path / "d.sqlite3")
    engine = FakePlaceholderDroppingEngine()
    text = "Газопровод за $616 млн заработает в 2030 году."
    table, fresh = translate_all(
        [(text, "ru"), ("Без чисел вообще.", "ru")], {"ru-en": engine}, conn
    )
    result = table[(text, "ru")]
    assert result.source == "fake dropper 1" and not result.flag
    assert "$616" in result.text and "2030" in result.text
    assert len(engine.calls) == 2 and engine.calls[1] == [text]  # only the one that lost them
    assert fresh == 2
