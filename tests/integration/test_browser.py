"""What a reader sees, in real headless Chromium: the archive of the seeds opened from a
loopback server, screenshots kept in test-artifacts/, and hostile input that must not run or
load anything."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from digest.cli import main

from .browser import ARTIFACTS, chromium, serve

ROOT = Path(__file__).resolve().parents[2]
SEED_DATES = ["2025-10-11", "2025-11-12", "2025-12-11", "2026-02-05", "2026-02-07"]


def _archive(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    assert main(["run", "--config", str(_config(tmp_path))]) == 0
    return tmp_path / "archive"


def _config(tmp_path: Path, extra: str = "") -> Path:
    path = tmp_path / "config.yaml"
    path.write_text("fetch:\n  host_delay: 0\n" + extra, encoding="utf-8")
    return path


def test_index_and_issue_as_a_reader_sees_them(tmp_path: Path) -> None:
    archive = _archive(tmp_path)
    ARTIFACTS.mkdir(exist_ok=True)
    with serve(archive) as base:
        index = chromium(tmp_path / "p1", "--dump-dom", f"{base}/index.html")
        issue = chromium(tmp_path / "p2", "--dump-dom", f"{base}/2026-02-07/index.html")
        for name, page, width in (("index", "index.html", 1200), ("issue-desktop",
                                  "2026-02-07/index.html", 1200), ("issue-phone",
                                  "2026-02-07/index.html", 390)):  # fmt: skip
            shot = ARTIFACTS / f"{name}.png"
            shot.unlink(missing_ok=True)
            chromium(tmp_path / f"s-{name}", f"--screenshot={shot}",
                     f"--window-size={width},1600", f"{base}/{page}")  # fmt: skip
            assert shot.stat().st_size > 10_000, f"{shot} looks empty"
    links = re.findall(r'href="(\d{4}-\d{2}-\d{2})/index.html"', index)
    assert links == sorted(SEED_DATES, reverse=True)  # every issue, newest first
    assert "<h1>Archive</h1>" in index
    assert re.search(r"Issue of (<time[^>]*>)?2026-02-07", issue)
    assert "Казахстан и Россия: дружба, проверенная временем" in issue
    assert 'rel="prev" href="../2026-02-05/index.html"' in issue
    assert "Lada.kz" in issue and "Sputnik" in issue


HOSTILE = ROOT / "tests" / "data" / "feeds" / "hostile_browser" / "feed.xml"


def test_hostile_feed_runs_nothing_and_loads_nothing_in_chromium(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    canary: list[str] = []

    def record(request: Request) -> Response:
        canary.append(request.path)
        return Response("", status=404)

    httpserver.expect_request(re.compile("^/canary/.*")).respond_with_handler(record)
    feed = HOSTILE.read_text(encoding="utf-8").replace("CANARY", httpserver.url_for("/canary"))
    httpserver.expect_request("/hostile.xml").respond_with_data(
        feed, content_type="application/rss+xml"
    )
    config = _config(tmp_path, f"feeds:\n  - url: {httpserver.url_for('/hostile.xml')}\n"
                               "    name: <b onmouseover=alert(1)>Hostile</b>\n")  # fmt: skip
    assert main(["run", "--date", "2026-03-09", "--config", str(config)]) == 0
    archive = tmp_path / "archive"
    pages = ["index.html", "2026-03-09/index.html"]
    for page in pages:
        html = (archive / page).read_text(encoding="utf-8").lower()
        assert "<script" not in html and "javascript:" not in html
        assert re.search(r"<[^>]+\son\w+\s*=", html) is None  # no event handler attributes
    with serve(archive) as base:
        for i, page in enumerate(pages):
            dom = chromium(tmp_path / f"x{i}", "--virtual-time-budget=3000", "--dump-dom",
                           f"{base}/{page}")  # fmt: skip
            assert "PWNED" not in dom.split("</title>")[0]  # no script changed the title
            assert "data-pwned" not in dom
    assert canary == [], f"the page loaded remote resources: {canary}"
    assert "Заголовок" in (archive / "2026-03-09" / "index.html").read_text(encoding="utf-8")


@pytest.fixture(autouse=True, scope="module")
def _artifacts_folder() -> None:
    ARTIFACTS.mkdir(exist_ok=True)


# A wrapper page holding the page in an iframe of the width under test (headless Chromium's
# window cannot be narrower than 500 px), measuring it as laid out and writing the result into
# the DOM for --dump-dom: horizontal overflow, dates that wrap, table cells cut off.
PROBE = """<!doctype html><meta charset="utf-8"><body style="margin:0">
<iframe id="f" src="{src}" style="width:{width}px;height:1400px;border:0"></iframe>
<script>
document.getElementById("f").addEventListener("load", () => {{
  const w = document.getElementById("f").contentWindow, d = w.document;
  const wide = d.documentElement.scrollWidth > w.innerWidth + 1;
  // an inline element that wraps is laid out as more than one box
  const wrapped = [...d.querySelectorAll("time, table.archive tr.counts td:first-child a")]
    .filter(e => e.getClientRects().length > 1).map(e => e.textContent.trim());
  const cut = [...d.querySelectorAll("table.archive th, table.archive td")]
    .filter(e => e.getBoundingClientRect().right > w.innerWidth + 1).length;
  const out = document.createElement("pre");
  out.id = "layout";
  out.textContent = JSON.stringify({{wide, wrapped, cut, width: w.innerWidth}});
  document.body.append(out);
}});
</script></body>"""


def _probe(page: Path, width: int) -> Path:
    """The wrapper beside the page, so the page's own links and styles still work."""
    probe = page.with_name(f"probe-{width}-{page.name}")
    probe.write_text(PROBE.format(src=page.name, width=width), encoding="utf-8")
    return probe


@pytest.mark.parametrize("width", [1280, 390])
def test_issue_index_and_email_scan_at_desktop_and_phone_widths(tmp_path: Path, width: int) -> None:
    import json

    from digest import pipeline
    from digest.config import load
    from digest.render import pages
    from digest.render.context import page_context
    from digest.store import db

    archive = _archive(tmp_path)
    config = load(tmp_path / "config.yaml")
    conn = db.connect(config.database)
    issue = next(i for i in pipeline.issues(conn, (), config) if i.date == "2026-02-05")
    info, _ = pipeline.translate(config, conn, list(issue.stories), {})
    email = archive / "email-2026-02-05.html"
    email.write_text(pages.issue_email_html(issue, page_context(config, conn, [], info)))
    ARTIFACTS.mkdir(exist_ok=True)
    targets = {"issue": archive / "2026-02-05" / "index.html", "index": archive / "index.html",
               "email": email}  # fmt: skip
    with serve(archive) as base:
        for name, page in targets.items():
            rel = _probe(page, width).relative_to(archive).as_posix()
            size = f"--window-size={max(width, 500)},1400"
            dom = chromium(tmp_path / f"d-{name}", size, "--virtual-time-budget=3000",
                           "--dump-dom", f"{base}/{rel}")  # fmt: skip
            found = re.search(r'<pre id="layout">(.*?)</pre>', dom)
            assert found, f"{name}: the probe did not run"
            layout = json.loads(found.group(1).replace("&quot;", '"'))
            assert layout["width"] == width
            assert not layout["wide"], f"{name} at {width} px scrolls sideways"
            assert layout["wrapped"] == [], f"{name} at {width} px wraps {layout['wrapped']}"
            assert layout["cut"] == 0, f"{name} at {width} px cuts off columns"
            shot = ARTIFACTS / f"scan-{name}-{width}.png"
            shot.unlink(missing_ok=True)
            chromium(tmp_path / f"s-{name}", f"--screenshot={shot}", size,
                     "--virtual-time-budget=3000", f"{base}/{rel}")  # fmt: skip
            assert shot.stat().st_size > 10_000, f"{shot} looks empty"
    html = targets["issue"].read_text(encoding="utf-8")
    head = "Казахстан и Россия: дружба, проверенная временем"
    assert html.count(f">{head}<") == 2  # once in the headline list, once as the story's title
    assert "Not translated" not in html and html.count("No translation model") == 1


DAILY = ROOT / "tests" / "data" / "feeds" / "daily_read"
OUTLETS = {"stepnoy": "Степной вестник", "steppewire": "Steppe Wire", "kurier": "Столичный курьер",
           "technik": "Technik heute"}  # fmt: skip


@pytest.fixture(scope="module")
def daily(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The team's own two days of news from four local feeds (tests/data/feeds/README.md)."""
    here = tmp_path_factory.mktemp("daily")
    with serve(DAILY) as base:
        lines = ["fetch:", "  host_delay: 0", "feeds:"]
        for name, outlet in OUTLETS.items():
            lines += [f"  - url: {base}/{name}.xml", f"    name: {outlet}"]
        (here / "config.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
        assert main(["run", "--config", str(here / "config.yaml")]) == 0
    return here / "archive"


@pytest.mark.parametrize("width", [1280, 390])
def test_the_daily_read_as_an_analyst_sees_it(daily: Path, tmp_path: Path, width: int) -> None:
    """#19 in Chromium: the highway story is headed by its newest news and leads the issue as
    an update above minor new items; the German feed is shown as German; no page of the
    archive scrolls sideways at 390 px."""
    import json

    stories = sorted((daily / "stories").glob("*.html"))
    targets = {"index": daily / "index.html", "issue": daily / "2026-01-11" / "index.html",
               "story": stories[0], "names": daily / "entities.html",
               "search": daily / "search.html"}  # fmt: skip
    with serve(daily) as base:
        for name, page in targets.items():
            rel = _probe(page, width).relative_to(daily).as_posix()
            size = f"--window-size={max(width, 500)},1400"
            dom = chromium(tmp_path / f"d-{name}", size, "--virtual-time-budget=3000",
                           "--dump-dom", f"{base}/{rel}")  # fmt: skip
            found = re.search(r'<pre id="layout">(.*?)</pre>', dom)
            assert found, f"{name}: the probe did not run"
            layout = json.loads(found.group(1).replace("&quot;", '"'))
            assert not layout["wide"], f"{name} at {width} px scrolls sideways"
            assert layout["cut"] == 0, f"{name} at {width} px cuts off columns"
            shot = ARTIFACTS / f"daily-{name}-{width}.png"
            chromium(tmp_path / f"s-{name}", f"--screenshot={shot}", size,
                     "--virtual-time-budget=3000", f"{base}/{rel}")  # fmt: skip
            assert shot.stat().st_size > 10_000, f"{shot} looks empty"
        dom = chromium(tmp_path / "issue", "--dump-dom", f"{base}/2026-01-11/index.html")
    heads = re.findall(r"<h2>([^<]+)</h2>", dom)
    assert heads[0] == "Трассу Алматы — Бишкек открыли для всех машин"  # the news of the day
    assert "закрыли" not in heads[0] and "Highway closed" not in dom
    assert "Update" in dom.split("<article", 2)[1]  # an update, leading six new items
    assert "Neue Speicherchipproduktion" in dom and "Original language: German" in dom
    assert 'lang="de"' in dom
    assert '2026-01-11 09:05</time> <span class="muted">(07:05 +0300 at the outlet)' in dom
    closed = (daily / "2026-01-10" / "index.html").read_text(encoding="utf-8")
    assert "<h2>Трассу Алматы — Бишкек закрыли из-за снегопада</h2>" in closed
    index = (daily / "index.html").read_text(encoding="utf-8")
    assert "Трассу Алматы — Бишкек открыли для всех машин" in index  # the same on every page
    assert "Трассу Алматы — Бишкек открыли для всех машин" in stories_text(daily)


def stories_text(archive: Path) -> str:
    return " ".join(p.read_text(encoding="utf-8") for p in (archive / "stories").glob("*.html"))


# Measures, inside the page under test, each chart: its box, its accessible name, and whether
# it fits the page's width; and the rising section's items.
COURSE_PROBE = """<!doctype html><meta charset="utf-8"><body style="margin:0">
<iframe id="f" src="{src}" style="width:{width}px;height:1400px;border:0"></iframe>
<script>
document.getElementById("f").addEventListener("load", () => {{
  const w = document.getElementById("f").contentWindow, d = w.document;
  const charts = [...d.querySelectorAll("svg.course, svg.spark")].map(e => {{
    const r = e.getBoundingClientRect();
    return {{cls: e.getAttribute("class"), label: e.getAttribute("aria-label"),
             width: r.width, height: r.height, right: r.right,
             shown: w.getComputedStyle(e).visibility === "visible" && r.width > 0}};
  }});
  const caption = (d.querySelector("figure.course figcaption") || {{}}).textContent || "";
  const rising = [...d.querySelectorAll("section.rising li")].map(e => e.textContent.trim());
  const out = document.createElement("pre");
  out.id = "layout";
  out.textContent = JSON.stringify({{charts, caption, rising, width: w.innerWidth,
                                     wide: d.documentElement.scrollWidth > w.innerWidth + 1}});
  document.body.append(out);
}});
</script></body>"""


@pytest.mark.parametrize("width", [1280, 390])
def test_the_course_of_a_story_and_of_a_name(daily: Path, tmp_path: Path, width: int) -> None:
    """#21 in Chromium: the highway story's page draws its course (5 articles over two days,
    three outlets on the peak day) with a name and a caption in words; the names page draws a
    labelled sparkline for every name; the issue of the 11th opens with the highway story as
    rising (3 articles against 2 over the three days before). Nothing scrolls sideways."""
    import json

    story = next(p for p in (daily / "stories").glob("*.html")
                 if "закрыли из-за снегопада" in p.read_text(encoding="utf-8"))  # fmt: skip
    targets = {"course": story, "sparklines": daily / "entities.html",
               "rising": daily / "2026-01-11" / "index.html"}  # fmt: skip
    seen = {}
    with serve(daily) as base:
        for name, page in targets.items():
            probe = page.with_name(f"course-{width}-{page.name}")
            probe.write_text(COURSE_PROBE.format(src=page.name, width=width), encoding="utf-8")
            rel = probe.relative_to(daily).as_posix()
            size = f"--window-size={max(width, 500)},1400"
            dom = chromium(tmp_path / f"d-{name}", size, "--virtual-time-budget=3000",
                           "--dump-dom", f"{base}/{rel}")  # fmt: skip
            found = re.search(r'<pre id="layout">(.*?)</pre>', dom)
            assert found, f"{name}: the probe did not run"
            seen[name] = json.loads(found.group(1).replace("&quot;", '"'))
            assert not seen[name]["wide"], f"{name} at {width} px scrolls sideways"
            for chart in seen[name]["charts"]:
                assert chart["shown"] and chart["height"] > 10, f"{name}: {chart} not visible"
                assert chart["right"] <= width + 1, f"{name}: {chart} wider than the page"
            shot = ARTIFACTS / f"{name}-{width}.png"
            chromium(tmp_path / f"s-{name}", f"--screenshot={shot}", size,
                     "--virtual-time-budget=3000", f"{base}/{page.relative_to(daily)}")  # fmt: skip
            assert shot.stat().st_size > 10_000, f"{shot} looks empty"
    course = seen["course"]
    assert [c["cls"] for c in course["charts"]] == ["course"]
    assert course["charts"][0]["label"] == (
        "Articles per day (bars) and outlets per day (line with squares), 2026-01-10 to 2026-01-11"
    )
    assert (
        "5 articles over 2 days, 3 outlets. First: Степной вестник, 2026-01-10."
        in (course["caption"])
    )
    assert "Peak: 2026-01-11, 3 articles, 3 outlets." in course["caption"]
    sparks = seen["sparklines"]["charts"]
    names = (daily / "entities.html").read_text(encoding="utf-8").count("<li id=")
    assert len(sparks) == names >= 5 and all(c["cls"] == "spark" for c in sparks)
    assert all(c["label"].startswith("Articles of the stories naming it, per week") for c in sparks)
    assert seen["rising"]["rising"] == [
        "Трассу Алматы — Бишкек открыли для всех машин · 3 today, against 0.7 a day over the"
        " three days before"
    ]
