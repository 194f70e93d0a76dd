"""The archive as an analyst uses it (#15), on the seeds: `digest search` over the store's
full-text index, the index page with headlines, story pages, the names page, entities in their
dictionary form, and the search page in real headless Chromium, opened from file:// and from a
loopback web server, with and without JavaScript."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pymorphy3
import pytest

from digest.cli import main

from .browser import ARTIFACTS, chromium, serve

ROOT = Path(__file__).resolve().parents[2]
SURNAME = re.compile(r"(?:ов|ев|ин|ын)а?$")
ABAEV_STORY = "Россия и Казахстан продолжают активное экономическое сотрудничество"  # latest


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    here = tmp_path_factory.mktemp("archive")
    shutil.copytree(ROOT / "seeds", here / "seeds")
    (here / "config.yaml").write_text(
        "seeds_dir: seeds\ndatabase: data/digest.sqlite3\narchive_dir: archive\n",
        encoding="utf-8",
    )
    assert main(["run", "--config", str(here / "config.yaml")]) == 0
    yield here


def _search(project: Path, capsys: pytest.CaptureFixture[str], *args: str) -> str:
    capsys.readouterr()
    assert main(["search", *args, "--config", str(project / "config.yaml")]) == 0
    return capsys.readouterr().out


def test_search_finds_the_story_by_any_form_of_a_name(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for query in ("Абаеву", "Абаев", "абаева", "АБАЕВЫМ"):
        out = _search(project, capsys, query)
        first = out.splitlines()[0]
        assert first == f"2026-02-05  {ABAEV_STORY}", (query, out)
        assert "updated in 2026-02-07" in out  # the Lada.kz rewrite, in the next issue
        assert "КП, Lada.kz" in out and "Абаев" in out  # outlets, and the sentence that matched
        assert "stories/20260205-" in out  # the story page's path
    assert out.count(ABAEV_STORY) == 1  # one story, not one line per article


def test_search_filters_by_date_outlet_and_language(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert "Lada.kz: «" in _search(project, capsys, "Абаеву", "--outlet", "lada.kz")
    assert "КП: «" in _search(project, capsys, "Абаеву", "--until", "2026-02-05")
    out = _search(project, capsys, "Абаеву", "--since", "2026-02-06")
    assert "Lada.kz: «" in out and "2026-02-05  " + ABAEV_STORY in out  # the story, via its update
    assert _search(project, capsys, "Абаеву", "--lang", "en").startswith("no story matches")
    assert _search(project, capsys, "Абаеву", "газопровод").count(ABAEV_STORY) == 1
    assert _search(project, capsys, "Абаеву", "несуществующееслово").startswith("no story")
    out = _search(project, capsys, "Токаев")  # in every seed: several stories, best first
    assert len(re.findall(r"^\d{4}-\d{2}-\d{2}  ", out, flags=re.MULTILINE)) >= 3


def test_search_by_meaning_finds_the_russian_story_from_an_english_query(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = _search(project, capsys, "Abaev", "interview", "on", "Russia", "and", "Kazakhstan")
    first, *rest = out.split("\n2026-")
    assert first.startswith(f"2026-02-05  {ABAEV_STORY}")  # no English word is in it: by meaning
    assert "· by meaning (0." in first
    assert "· by words" in _search(project, capsys, "Абаеву")  # word matches say so, and lead
    assert _search(project, capsys, "football", "results").startswith("no story matches")


def test_index_shows_each_issues_headlines(project: Path) -> None:
    index = (project / "archive" / "index.html").read_text(encoding="utf-8")
    row = index.split('href="2026-02-05/index.html">2026-02-05</a>', 1)[1].split("</tr>", 2)
    assert ABAEV_STORY in row[1]  # the headline row right under the issue's counts
    assert "<td>1</td>" in row[0]  # the counts are kept


def test_story_pages_hold_every_article_across_days(project: Path) -> None:
    stories = project / "archive" / "stories"
    data = [json.loads(p.read_text("utf-8")) for p in sorted(stories.glob("*.json"))]
    assert len(data) == 4  # five seeds, four stories
    abaev = next(d for d in data if d["title"]["ru"] == ABAEV_STORY)
    assert abaev["issues"] == ["2026-02-05", "2026-02-07"]
    assert [a["outlet"] for a in abaev["articles"]] == ["КП", "Lada.kz"]
    assert [a["original"] for a in abaev["articles"]] == [True, False]
    page = (stories / f"{abaev['id']}.html").read_text(encoding="utf-8")
    assert 'href="../2026-02-05/index.html#story-' in page
    assert 'href="../2026-02-07/index.html#story-' in page
    for day in ("2026-02-05", "2026-02-07"):  # linked from each issue the story is in
        issue = (project / "archive" / day / "index.html").read_text(encoding="utf-8")
        assert f'href="../stories/{abaev["id"]}.html"' in issue


def _oblique(name: str, morph: pymorphy3.MorphAnalyzer) -> bool:
    """True when the name's head cannot be read in the nominative: its first word, and the
    noun right after a first-word adjective, must each have a nominative reading of one number
    («Алматинская области» and «Новой Третьяковской галерее» are oblique; «Министерство
    иностранных дел» is not)."""
    words = [w for w in re.split(r"[\s-]+", name) if re.fullmatch(r"[А-Яа-яЁё]+", w)]
    if not words or words[0].isupper() or SURNAME.search(words[-1]):
        return False  # an abbreviation (indeclinable) or a surname in its nominative shape
    first = [p for p in morph.parse(words[0]) if "nomn" in p.tag]
    if not first:
        return True
    if len(words) > 1 and any(p.tag.POS == "ADJF" for p in first):
        numbers = {p.tag.number for p in first if p.tag.POS == "ADJF"}
        second = [p for p in morph.parse(words[1]) if "nomn" in p.tag]
        return not any(p.tag.number in numbers for p in second)
    return False


def test_no_entity_of_the_seeds_is_in_an_oblique_case(project: Path) -> None:
    morph = pymorphy3.MorphAnalyzer()
    assert _oblique("Алматинская области", morph) and _oblique("Газпромом", morph)
    assert _oblique("Новой Третьяковской галерее", morph)
    assert not _oblique("Министерство иностранных дел", morph)
    names: set[str] = set()
    for day in (project / "archive").glob("20*"):
        for story in json.loads((day / "digest.json").read_text("utf-8"))["stories"]:
            ents = story["entities"] or {}
            names.update(n for k in ("people", "organisations", "places") for n in ents.get(k, []))
    assert {"Газпром", "Алматинская область", "Даурен Абаев"} <= names
    assert [n for n in names if _oblique(n, morph)] == []
    page = (project / "archive" / "entities.html").read_text(encoding="utf-8")
    assert page.count("<strong>Алматинская область</strong>") == 1  # once, with its stories
    assert page.count("<strong>Касым-Жомарт Токаев</strong>") == 1
    # named in full in three stories and as «Токаев» in the fourth: one person, four stories
    assert '<strong>Касым-Жомарт Токаев</strong> <span class="muted">(4)' in page
    assert "<strong>Токаев</strong>" not in page


def _results(dom: str) -> list[str]:
    found = dom.split('id="results"', 1)[1].split("</ol>", 1)[0]
    return re.findall(r'<a href="stories/[^"]+">([^<]+)</a>', found)


def test_search_page_finds_the_story_in_chromium_from_file_and_from_a_server(
    project: Path, tmp_path: Path
) -> None:
    archive = project / "archive"
    page = (archive / "search.html").read_text(encoding="utf-8")
    assert "http://" not in page and "https://" not in page  # no external assets
    url = (archive / "search.html").as_uri() + "?q=%D0%90%D0%B1%D0%B0%D0%B5%D0%B2%D1%83"
    dom = chromium(tmp_path / "p1", "--virtual-time-budget=3000", "--dump-dom", url)
    assert _results(dom) == [ABAEV_STORY]  # «Абаеву», from file://
    assert "Stories found: 1" in dom
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "search.png"
    chromium(tmp_path / "p2", f"--screenshot={shot}", "--window-size=1200,700",
             "--virtual-time-budget=3000", url)  # fmt: skip
    assert shot.stat().st_size > 10_000
    with serve(archive) as base:
        for query, expected in (("абаев партнёрства", [ABAEV_STORY]), ("Бектенову", [ABAEV_STORY]),
                                ("несуществующееслово", [])):  # fmt: skip
            dom = chromium(tmp_path / "p3", "--virtual-time-budget=3000", "--dump-dom",
                           f"{base}/search.html?q={query}")  # fmt: skip
            assert _results(dom) == expected, query
        dom = chromium(tmp_path / "p4", "--virtual-time-budget=3000", "--dump-dom",
                       f"{base}/search.html?q=Lada.kz")  # fmt: skip
        assert ABAEV_STORY in _results(dom)  # found by outlet


RATES = {  # the team's own two articles: «ставки» and «ставит» share the letters «став»
    "900_rate.txt": " date 2026-02-09 Нацбанк Казахстана повысил базовую ставку до 18,5%\n\n"
    "Банки начнут повышать ставки по депозитам вслед за Нацбанком, считают аналитики.",
    "901_record.txt": " date 2026-02-09 Алматинский марафон ставит рекорд участников\n\n"
    "Организаторы говорят, что забег ставит рекорд: на старт вышли 25 тысяч бегунов.",
}


def test_the_search_page_and_digest_search_find_the_same_stories(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """#19: on the page «ставки» also found «ставит»; the command did not."""
    (tmp_path / "seeds").mkdir()
    for name, text in RATES.items():
        (tmp_path / "seeds" / name).write_text(text, encoding="utf-8")
    config = tmp_path / "config.yaml"
    config.write_text("archive_dir: archive\n", encoding="utf-8")
    assert main(["run", "--config", str(config)]) == 0
    with serve(tmp_path / "archive") as base:
        for n, query in enumerate(("ставки", "ставит", "ставку", "Нацбанком", "рекорды")):
            dom = chromium(tmp_path / f"p{n}", "--virtual-time-budget=3000", "--dump-dom",
                           f"{base}/search.html?q={query}")  # fmt: skip
            page = sorted(_results(dom))
            capsys.readouterr()
            main(["search", query, "--config", str(config)])
            said = capsys.readouterr().out
            command = sorted(h for h in ("Нацбанк Казахстана повысил базовую ставку до 18,5%",
                                         "Алматинский марафон ставит рекорд участников")
                             if h in said)  # fmt: skip
            assert page == command, (query, page, said)
            assert len(page) == 1, query  # each finds its own story only


# An outer page holding the page under test in a sandboxed iframe without allow-scripts (so
# scripts are off there and <noscript> is shown), copying the text a reader sees into its DOM.
NO_SCRIPT = """<!doctype html><meta charset="utf-8"><body>
<iframe id="f" sandbox="allow-same-origin" src="{src}"></iframe>
<script>
document.getElementById("f").addEventListener("load", () => {{
  const out = document.createElement("pre");
  out.id = "seen";
  out.textContent = document.getElementById("f").contentDocument.body.innerText;
  document.body.append(out);
}});
</script></body>"""


def test_without_javascript_the_search_page_says_what_to_do(project: Path, tmp_path: Path) -> None:
    archive = project / "archive"
    for name, src in (("probe-search.html", "search.html?q=x"), ("probe-index.html", "index.html")):
        (archive / name).write_text(NO_SCRIPT.format(src=src), encoding="utf-8")
    try:
        with serve(archive) as base:
            search = chromium(tmp_path / "p", "--virtual-time-budget=3000", "--dump-dom",
                              f"{base}/probe-search.html")  # fmt: skip
            index = chromium(tmp_path / "q", "--virtual-time-budget=3000", "--dump-dom",
                             f"{base}/probe-index.html")  # fmt: skip
    finally:
        for name in ("probe-search.html", "probe-index.html"):
            (archive / name).unlink()
    seen = search.split('id="seen">', 1)[1]
    assert "needs JavaScript" in seen and "digest search WORDS" in seen
    assert "Stories found" not in seen  # nothing ran
    assert ABAEV_STORY in index.split('id="seen">', 1)[1]  # other pages read fine without it
