"""The archive follows the store (#22): what `digest run` stores, the same run writes; the
same input gives the same bytes. The texts are the team's own, written for these tests."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from digest.cli import main

ROOT = Path(__file__).resolve().parents[2]


def _rss(body: str) -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>W</title>'
        "<item><title>Трассу Алматы — Бишкек закрыли</title>"
        "<link>https://stepnoy.example/news/1</link>"
        "<pubDate>Sat, 10 Jan 2026 09:10:00 +0500</pubDate>"
        f"<description>{body}</description></item></channel></rss>"
    )


def test_an_updated_feed_entry_shows_its_new_text_in_the_same_run(
    httpserver: HTTPServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    texts = [
        "Трассу Алматы — Бишкек закрыли из-за снегопада на перевале Кордай, сообщили в полиции.",
        "Трассу Алматы — Бишкек закрыли из-за снегопада; по данным полиции, открыть её обещают"
        " к утру воскресенья, когда снегоуборочная техника расчистит перевал Кордай.",
    ]
    served = iter(texts)

    def handler(request: Request) -> Response:
        return Response(_rss(next(served)), headers={"Content-Type": "application/rss+xml"})

    httpserver.expect_request("/feed.xml").respond_with_handler(handler)
    config = tmp_path / "config.yaml"
    config.write_text(
        "fetch:\n  host_delay: 0\nfeeds:\n"
        f"  - url: {httpserver.url_for('/feed.xml')}"
        "\n    name: Степной вестник\n",
        encoding="utf-8",
    )
    assert main(["run", "--config", str(config)]) == 0
    page = tmp_path / "archive" / "2026-01-10" / "index.html"
    assert "к утру воскресенья" not in page.read_text(encoding="utf-8")
    capsys.readouterr()
    assert main(["run", "--config", str(config)]) == 0
    assert "1 updated" in capsys.readouterr().out
    for name in ("index.html", "digest.md", "digest.json"):
        assert "к утру воскресенья" in (page.parent / name).read_text(encoding="utf-8"), name
    story = next((tmp_path / "archive" / "stories").glob("*.json"))
    assert "к утру воскресенья" in story.read_text(encoding="utf-8")


def test_a_seed_whose_headline_alone_changes_is_updated_everywhere(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    config = tmp_path / "config.yaml"
    config.write_text("archive_dir: archive\n", encoding="utf-8")
    assert main(["run", "--config", str(config)]) == 0
    seed = next((tmp_path / "seeds").glob("000_*.txt"))
    old = "Казахстан и Россия: дружба, проверенная временем"
    text = seed.read_text(encoding="utf-8")
    assert old in text
    seed.write_text(text.replace(old, "Казахстан и Россия: дружба на десятилетия"), "utf-8")
    capsys.readouterr()
    assert main(["run", "--config", str(config)]) == 0
    assert f"seed {seed.name}: updated" in capsys.readouterr().out
    page = (tmp_path / "archive" / "2026-02-05" / "index.html").read_text(encoding="utf-8")
    assert "дружба на десятилетия" in page and old not in page


def test_two_fresh_runs_on_identical_input_give_byte_identical_archives(tmp_path: Path) -> None:
    """Two processes (other hash seeds; the feeds answering in whatever order) on the same
    seeds and feeds (tests/data/feeds/daily_read) write the same bytes: article anchors and
    the order articles are grouped in follow their sources, never their database ids."""
    from .browser import serve

    archives = []
    with serve(ROOT / "tests" / "data" / "feeds" / "daily_read") as base:
        for run, seed in (("a", "1"), ("b", "2")):
            here = tmp_path / run
            shutil.copytree(ROOT / "seeds", here / "seeds")
            feeds = "".join(f"  - url: {base}/{n}.xml\n    name: {n}\n"
                            for n in ("stepnoy", "steppewire", "kurier", "technik"))  # fmt: skip
            (here / "config.yaml").write_text(
                f"archive_dir: archive\nfetch:\n  host_delay: 0\nfeeds:\n{feeds}", "utf-8"
            )
            done = subprocess.run(
                [sys.executable, "-m", "digest", "run", "--config", "config.yaml"], cwd=here,
                env={**os.environ, "PYTHONHASHSEED": seed}, capture_output=True, text=True,
                timeout=300, check=False,
            )  # fmt: skip
            assert done.returncode == 0, done.stderr
            archive = here / "archive"
            archives.append({p.relative_to(archive): p.read_bytes() for p in archive.rglob("*")
                             if p.is_file()})  # fmt: skip
    assert archives[0].keys() == archives[1].keys()
    differ = [str(p) for p in archives[0] if archives[0][p] != archives[1][p]]
    assert differ == []


HOSTILE_TITLE = "Сводка\x1b[31m за день\x0c: курс\x0b тенге \ufffe и\x00 нефть"


def test_control_characters_never_reach_the_archive(httpserver: HTTPServer, tmp_path: Path) -> None:
    """NUL bytes in a seed reached index.html, digest.md, digest.txt and feed.xml; control
    characters or U+FFFE in a feed's title made feed.xml invalid XML."""
    from defusedxml import ElementTree

    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "nul.txt").write_bytes(
        " date 2026-01-10 Заголовок\x00 с нулём\n\nТекст\x00 заметки о погоде в Алматы: снег,"
        " метель и закрытые перевалы.\x85\n".encode()
    )
    rss = _rss("Текст сводки.").replace("Трассу Алматы — Бишкек закрыли", HOSTILE_TITLE)
    httpserver.expect_request("/feed.xml").respond_with_data(
        rss.encode(), content_type="application/rss+xml"
    )
    config = tmp_path / "config.yaml"
    config.write_text(
        f"archive_dir: archive\nfetch:\n  host_delay: 0\nfeeds:\n"
        f"  - url: {httpserver.url_for('/feed.xml')}\n    name: Сводка\n",
        encoding="utf-8",
    )
    assert main(["run", "--config", str(config)]) == 0
    archive = tmp_path / "archive"
    ElementTree.parse(archive / "feed.xml")  # strict: raises on any invalid character
    for path in archive.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".md", ".txt", ".json", ".xml"):
            text = path.read_text(encoding="utf-8")
            bad = [c for c in text if c in "\x00\x1b\x0b\x0c\x85\ufffe"]
            assert bad == [], (path, bad)
    page = (archive / "2026-01-10" / "index.html").read_text(encoding="utf-8")
    assert "Заголовок с нулём" in page and "Сводка[31m за день" in page  # the rest kept
