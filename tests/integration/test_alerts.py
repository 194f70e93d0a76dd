"""Watchlists that alert (#21), against a real SMTP server (aiosmtpd) and a real feed server on
127.0.0.1: two readers with different watch terms get only their own alerts, once each,
across reruns of `digest run` and across restarts of `digest schedule`; an alert goes out
within one collection cycle of the article that raised it; `email.to` keeps its edition.
The feed is `tests/data/feeds/watch/` with its dates set around the test's now."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from digest.cli import main
from tests.support.smtp import Inbox

ROOT = Path(__file__).resolve().parents[2]
WATCH = ROOT / "tests" / "data" / "feeds" / "watch"
GAS = "gas-watcher@example.org"  # watches «Tokayev Gazprom» (Latin, a Russian story)
RATE = "rate-watcher@example.org"  # watches «Нацбанк ставки», alerts only
EDITION = "editor@example.org"  # email.to, as before #21


class Feed:
    """The watch feed, served with times around now; `extra` adds items (`gas_item.xml`…)."""

    def __init__(self) -> None:
        self.extra: list[str] = []
        now = datetime.now(UTC)
        self.times = {
            "today_1": now - timedelta(hours=3), "today_2": now - timedelta(hours=2),
            "today_3": now - timedelta(minutes=10), "yesterday": now - timedelta(hours=30),
        }  # fmt: skip

    def __call__(self, request: Request) -> Response:
        fill = {k: format_datetime(v) for k, v in self.times.items()}
        extra = "".join((WATCH / f"{name}.xml").read_text(encoding="utf-8") for name in self.extra)
        body = (WATCH / "stepnoy.xml").read_text(encoding="utf-8")
        body = body.replace("{extra}", extra.format(**fill)).format(**fill)
        return Response(body.encode(), headers={"Content-Type": "application/rss+xml"})


def _project(
    tmp_path: Path, httpserver: HTTPServer, port: int, feed: Feed, extra: str = ""
) -> Path:
    httpserver.expect_request("/watch.xml").respond_with_handler(feed)
    (tmp_path / "config.yaml").write_text(
        "seeds_dir: seeds\n"
        f"feeds:\n  - url: {httpserver.url_for('/watch.xml')}\n    name: Степной вестник\n"
        "fetch:\n  host_delay: 0\n"
        "email:\n"
        "  from: Digest <digest@example.org>\n"
        f"  to: [{EDITION}]\n"
        "  recipients:\n"
        f"    - address: {GAS}\n"
        "      watch: ['Tokayev Gazprom']\n"
        f"    - address: {RATE}\n"
        "      watch: ['Нацбанк ставки', 'землетрясение']\n"
        "      edition: false\n"
        f"  smtp_host: 127.0.0.1\n  smtp_port: {port}\n  retry_delay: 0.01\n"
        "schedule:\n  issue_at: '00:01'\n" + extra,
        encoding="utf-8",
    )
    (tmp_path / "seeds").mkdir()
    return tmp_path


def _alerts(inbox: Inbox, to: str) -> list[str]:
    return [str(m["Subject"]) for m in inbox.to(to) if str(m["Subject"]).startswith("Alert")]


def test_each_reader_gets_only_their_alerts_once_across_reruns(
    tmp_path: Path, httpserver: HTTPServer, smtp: tuple[Inbox, int]
) -> None:
    inbox, port = smtp
    feed = Feed()
    config = str(_project(tmp_path, httpserver, port, feed) / "config.yaml")
    assert main(["run", "--config", config]) == 0
    assert _alerts(inbox, RATE) == [
        "Alert: Нацбанк Казахстана сохранил базовую ставку на уровне 16,5%"
    ]
    assert _alerts(inbox, GAS) == [] and _alerts(inbox, EDITION) == []
    body = inbox.to(RATE)[0].get_body(("plain",))
    assert body is not None
    text = body.get_content()
    assert "Outlets: Степной вестник · articles: 1" in text
    assert "Matched your watch: «Нацбанк ставки»: Нацбанк, ставки as «ставку»" in text
    # the edition of the day before goes to email.to and to the watcher who wants it, not to
    # the one who asked for alerts only
    assert len(inbox.to(EDITION)) == 1 and len(inbox.to(GAS)) == 1 and len(inbox.to(RATE)) == 1

    assert main(["run", "--config", config]) == 0  # a rerun sends nothing again
    assert len(inbox.messages) == 3

    feed.extra = ["gas_item", "rate_rewrite"]  # Tokayev meets Gazprom's chief; the rate retold
    assert main(["run", "--config", config]) == 0
    assert _alerts(inbox, GAS) == [
        "Alert: Токаев обсудил с главой «Газпрома» поставки газа в северные области"
    ]
    gas = inbox.to(GAS)[-1].get_body(("plain",))
    assert gas is not None
    assert "«Tokayev Gazprom»: Tokayev as «Токаев», Gazprom as «Газпрома»" in gas.get_content()
    # the rate story's retelling (it names «Нацбанк» too) joined it the same day: at most one
    # alert a story a day
    conn = sqlite3.connect(tmp_path / "data" / "digest.sqlite3")
    stories = conn.execute(
        "SELECT count(DISTINCT story_id) FROM story_articles JOIN articles ON id = article_id"
        " WHERE url LIKE '%/rate%'"
    ).fetchone()[0]
    conn.close()
    assert stories == 1
    assert len(_alerts(inbox, RATE)) == 1 and len(inbox.messages) == 4


def _schedule(project: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "digest", "schedule", "--config", "config.yaml"], cwd=project,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip


def _until(proc: subprocess.Popen[str], what: str, times: int, seconds: float = 120) -> str:
    """Read the scheduler's log until `what` has appeared `times` times."""
    assert proc.stdout is not None
    lines: list[str] = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and sum(what in ln for ln in lines) < times:
        lines.append(proc.stdout.readline())
    assert sum(what in ln for ln in lines) >= times, "".join(lines)
    return "".join(lines)


def _stop(proc: subprocess.Popen[str]) -> str:
    proc.send_signal(signal.SIGTERM)
    rest, _ = proc.communicate(timeout=60)
    assert proc.returncode == 0, rest
    return rest


def test_schedule_alerts_within_a_cycle_and_once_across_restarts(
    tmp_path: Path, httpserver: HTTPServer, smtp: tuple[Inbox, int]
) -> None:
    inbox, port = smtp
    feed = Feed()
    project = _project(tmp_path, httpserver, port, feed, "  collect_every_minutes: 0.05\n")
    proc = _schedule(project)
    try:
        _until(proc, "schedule run finished", 1)  # the start: collect, group, edition, alerts
        assert _alerts(inbox, RATE) and not _alerts(inbox, GAS)
        feed.extra = ["gas_item"]
        log = _until(proc, "schedule collect finished", 1)  # the first cycle after it
        assert len(_alerts(inbox, GAS)) == 1, log  # sent within that one collection cycle
    finally:
        _stop(proc)
    before = len(inbox.messages)

    again = _schedule(project)  # restarted: nothing is sent twice
    try:
        _until(again, "schedule collect finished", 1)
    finally:
        _stop(again)
    assert len(inbox.messages) == before
    assert [len(_alerts(inbox, r)) for r in (GAS, RATE, EDITION)] == [1, 1, 0]


def test_watch_test_shows_what_terms_would_have_matched(
    tmp_path: Path, httpserver: HTTPServer, smtp: tuple[Inbox, int],
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    feed = Feed()
    feed.extra = ["gas_item"]
    config = str(_project(tmp_path, httpserver, smtp[1], feed) / "config.yaml")
    assert main(["collect", "--config", config]) == 0
    assert main(["cluster", "--config", config]) == 0
    capsys.readouterr()
    assert main(["watch", "test", "Миллер газ", "метро", "--config", config]) == 0
    out = capsys.readouterr().out
    assert (
        "Токаев обсудил с главой «Газпрома»" in out and "«Миллер газ»: Миллер as «Миллером»" in out
    )
    assert "В Алматы открыли новую станцию метро «Сарыарка»" in out
    assert "Нацбанк" not in out and "2 stories of the last 7 days" in out
    english = "Russian gas supplies to Kazakhstan"
    assert main(["watch", "test", english, "--config", config]) == 0
    assert "no story of the last 7 days matches" in capsys.readouterr().out  # not by its words
    assert main(["watch", "test", english, "--meaning", "--config", config]) == 0
    out = capsys.readouterr().out
    assert "Токаев обсудил с главой «Газпрома»" in out and f"«{english}»: same meaning" in out
    assert "1 story of the last 7 days would have raised an alert" in out
    assert main(["watch", "test", "Rosneft", "--config", config]) == 0
    assert "no story of the last 7 days matches 'Rosneft'" in capsys.readouterr().out
    assert main(["watch", "test", "  ", "--config", config]) == 2


def test_a_reader_s_edition_can_hold_only_their_watched_stories(
    tmp_path: Path, httpserver: HTTPServer, smtp: tuple[Inbox, int],
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    """`only_watched`: the edition of the day before (chess and snow) goes whole to email.to,
    with the chess story alone to the reader watching «шахматы», and not at all to the reader
    watching the central bank, whose terms none of its stories match."""
    inbox, port = smtp
    project = _project(tmp_path, httpserver, port, Feed())
    config = project / "config.yaml"
    text = config.read_text(encoding="utf-8").replace(
        "  smtp_host:",
        "    - address: chess@example.org\n      watch: [шахматы]\n      only_watched: true\n"
        "    - address: banker@example.org\n      watch: ['Нацбанк ставки']\n"
        "      only_watched: true\n  smtp_host:",
    )
    config.write_text(text, encoding="utf-8")
    assert main(["run", "--config", str(config)]) == 0
    log = capsys.readouterr().out
    whole = inbox.to(EDITION)[0]
    chess = [m for m in inbox.to("chess@example.org") if not str(m["Subject"]).startswith("Alert")]
    assert len(chess) == 1 and str(chess[0]["Subject"]) == str(whole["Subject"])
    assert _alerts(inbox, "chess@example.org") == [
        "Alert: В Астане прошёл турнир по шахматам среди школьников"
    ]
    body = chess[0].get_body(("plain",))
    full = whole.get_body(("plain",))
    assert body is not None and full is not None
    assert "шахматам" in body.get_content() and "первый снег" not in body.get_content()
    assert "шахматам" in full.get_content() and "первый снег" in full.get_content()
    banker = [str(m["Subject"]) for m in inbox.to("banker@example.org")]
    assert banker == ["Alert: Нацбанк Казахстана сохранил базовую ставку на уровне 16,5%"]
    assert "to banker@example.org: none of its stories matches their watch terms" in log
    assert main(["run", "--config", str(config)]) == 0  # not due again: nothing more is sent
    assert len(inbox.to("banker@example.org")) == 1 and len(inbox.to("chess@example.org")) == 2
