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
    assert "Issue of 2026-02-07" in issue
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
