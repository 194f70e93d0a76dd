"""Seed parsing: each of the five seeds, seeds of the same kind with other names, broken files."""

from __future__ import annotations

from pathlib import Path

import pytest

from digest.collect.seeds import load_seeds, parse_seed, read_seed
from digest.errors import SeedFormatError
from digest.models import Article

BOILERPLATE = [
    "КРАСНЫЙ ЖЕЛТЫЙ ЗЕЛЕНЫЙ СИНИЙ",
    "Новости и события",
    "Продолжение после рекламы",
    "Фото:",
    "© Photo",
    "Фото из личного архива",
    "Источник - КП",
    "Постоянный адрес статьи",
    "Автор выражает личное мнение",
    "Пятница, 06.02.2026",
    "11:21 06.02.2026",
]


@pytest.fixture(scope="module")
def seeds(seeds_dir: Path) -> dict[str, Article]:
    return {p.name[:3]: read_seed(p) for p in sorted(seeds_dir.glob("*.txt"))}


def test_five_seeds_load_without_errors(seeds_dir: Path) -> None:
    loaded = load_seeds(seeds_dir)
    assert len(loaded.articles) == 5
    assert loaded.errors == ()


@pytest.mark.parametrize("key", ["000", "001", "002", "003", "004"])
def test_boilerplate_is_gone_from_every_body(seeds: dict[str, Article], key: str) -> None:
    body = seeds[key].body
    for junk in BOILERPLATE:
        assert junk not in body, f"{key}: {junk!r} left in the body"
    assert seeds[key].language == "ru"
    assert len(body) > 1000


def test_000_interview_republished_by_centrasia(seeds: dict[str, Article]) -> None:
    a = seeds["000"]
    assert a.published == "2026-02-05"
    assert a.title == "Казахстан и Россия: дружба, проверенная временем"
    assert not a.title_derived
    assert a.outlet == "КП"
    assert a.via == "centrasia.org"
    assert a.url == "https://centrasia.org/newsA.php?st=1770366060"
    assert a.body.startswith("В 2025 году отношения Казахстана и России")
    assert "ЦентрАзия" not in a.body
    assert "5 февраля 2026\n" not in a.body
    assert a.body.rstrip().endswith("счастья в новом году!")


def test_001_rewrite_names_outlet_and_cited_source(seeds: dict[str, Article]) -> None:
    a = seeds["001"]
    assert a.published == "2026-02-07"
    assert a.outlet == "Lada.kz"
    assert a.cites == ("Sputnik",)
    assert a.url == ""
    # No headline in the text: one is derived from the lead, and marked as derived.
    assert a.title_derived
    assert a.title == "Россия и Казахстан продолжают активное экономическое сотрудничество"
    assert "посольство Казахстана в России" not in a.body


def test_002_author_from_byline(seeds: dict[str, Article]) -> None:
    a = seeds["002"]
    assert a.published == "2025-12-11"
    assert a.author == "Андрей Серенко"
    assert a.title_derived
    assert a.title == "2025 год стал переломным этапом в российско-казахстанских отношениях"
    assert "Автор:" not in a.body


def test_003_interview_names_the_person_in_the_nominative(seeds: dict[str, Article]) -> None:
    a = seeds["003"]
    assert a.published == "2025-10-11"
    assert a.author == "Антон Арутюнов"
    assert a.title == "Россия является одним из основных инвесторов в экономику Казахстана"


def test_004_headline_without_its_photo_credit_and_captions_dropped(
    seeds: dict[str, Article],
) -> None:
    a = seeds["004"]
    assert a.published == "2025-11-12"
    assert a.title == "США не удалось вбить клин в отношения России и Казахстана"
    assert not a.title_derived
    assert "Global Look Press" not in a.body
    assert "РИА Новости" not in a.body
    assert "Память о безымянных героях" not in a.body  # a photo caption
    assert a.body.startswith("Вбить клин в отношения России и Казахстана не удалось.")


def test_seeds_of_the_same_kind_with_other_names(data_dir: Path) -> None:
    loaded = load_seeds(data_dir / "seeds_extra")
    by = {a.source: a for a in loaded.articles}
    assert loaded.errors == ()
    tass = by["tass_rewrite.txt"]
    assert (tass.outlet, tass.title_derived) == ("ТАСС", True)
    assert "Фото" not in tass.body and "рекламы" not in tass.body
    wire = by["english_wire.txt"]
    assert wire.language == "en"
    assert wire.title == "Kazakhstan and Uzbekistan agree on a new water-sharing schedule"
    assert (wire.outlet, wire.author) == ("Example Wire", "Jane Doe")
    assert "Photo" not in wire.body and "Author" not in wire.body
    page = by["menu_page.txt"]
    assert page.title == "Новый терминал аэропорта Алматы принял первых пассажиров"
    assert (page.outlet, page.url) == ("example.kz", "https://example.kz/news/12345")
    assert "ГЛАВНАЯ" not in page.body and "Четверг" not in page.body


def test_broken_files_are_named_and_the_good_one_still_loads(data_dir: Path) -> None:
    loaded = load_seeds(data_dir / "seeds_broken")
    assert [a.source for a in loaded.articles] == ["f_good.txt"]
    problems = {e.source: e.problem for e in loaded.errors}
    assert set(problems) == {
        "a_no_header.txt",
        "b_bad_date.txt",
        "c_not_utf8.txt",
        "d_empty.txt",
        "e_header_only.txt",
    }
    assert "date YYYY-MM-DD" in problems["a_no_header.txt"]
    assert "not a real date" in problems["b_bad_date.txt"]
    assert "UTF-8" in problems["c_not_utf8.txt"]
    assert "empty" in problems["d_empty.txt"]
    assert "no article text" in problems["e_header_only.txt"]
    assert all(str(e).startswith(e.source + ": ") for e in loaded.errors)


def test_missing_seed_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SeedFormatError, match="seed folder not found"):
        load_seeds(tmp_path / "nowhere")


@pytest.mark.parametrize(
    ("first_line", "problem"),
    [
        ("date 2026-1-5 текст", "not YYYY-MM-DD"),
        ("2026-01-05 текст", "must start with"),
        (" dated 2026-01-05 текст", "must start with"),
    ],
)
def test_header_variants_rejected(first_line: str, problem: str) -> None:
    with pytest.raises(SeedFormatError, match=problem):
        parse_seed("x.txt", first_line + "\nТекст статьи.")


def test_crlf_and_bom_are_accepted() -> None:
    text = "\ufeff date 2026-01-05 Заголовок новости о газопроводе\r\n\r\n" + (
        "Первый абзац статьи о строительстве газопровода рассказывает о сроках и стоимости."
    )
    a = parse_seed("crlf.txt", text)
    assert a.published == "2026-01-05"
    assert a.title == "Заголовок новости о газопроводе"
    assert "\r" not in a.body
