"""`digest send` against a real SMTP server (aiosmtpd) on 127.0.0.1: one message per
recipient however often it runs, text and HTML parts, both languages, retries."""

from __future__ import annotations

import email
import email.policy
import shutil
import signal
import subprocess
import sys
import time
from datetime import date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from digest import pipeline
from digest.cli import main
from digest.config import load
from digest.deliver.email import SmtpSender
from digest.store import db
from tests.support.smtp import Inbox

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture()
def project(tmp_path: Path, smtp: tuple[Inbox, int]) -> Path:
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    (tmp_path / "config.yaml").write_text(
        "email:\n"
        "  from: Digest <digest@example.org>\n"
        "  to: [analyst@example.org, editor@example.org]\n"
        "  subject: 'Дайджест / Digest {date}'\n"
        "  smtp_host: 127.0.0.1\n"
        f"  smtp_port: {smtp[1]}\n"
        "  retries: 3\n"
        "  retry_delay: 0.01\n"
        "render:\n  keywords: [дружба]\n",
        encoding="utf-8",
    )
    assert main(["collect", "--config", str(tmp_path / "config.yaml")]) == 0
    assert main(["render", "--config", str(tmp_path / "config.yaml")]) == 0
    return tmp_path


def _send(project: Path, *args: str) -> int:
    return main(["send", *args, "--config", str(project / "config.yaml")])


def test_send_twice_delivers_once_per_recipient(
    project: Path, smtp: tuple[Inbox, int], capsys: pytest.CaptureFixture[str]
) -> None:
    inbox, _ = smtp
    assert _send(project, "--date", "2026-02-07") == 0
    assert _send(project, "--date", "2026-02-07") == 0
    out = capsys.readouterr().out
    assert "to analyst@example.org: already" in out
    for who in ("analyst@example.org", "editor@example.org"):
        (msg,) = inbox.to(who)
        assert msg["Subject"] == "Дайджест / Digest 2026-02-07"
        assert msg["From"] == "Digest <digest@example.org>"
        assert msg.get_content_type() == "multipart/alternative"
        text = msg.get_body(("plain",))
        html = msg.get_body(("html",))
        assert text is not None and html is not None
        plain, markup = text.get_content(), html.get_content()
        for part in (plain, markup):
            assert "Казахстан и Россия: дружба, проверенная временем" in part  # Russian
            assert "No translation model is installed yet" in part  # once, English chrome
            assert "Not translated" not in part  # not repeated under every story
            assert "Headlines" in part  # the headline list at the top
            assert "Lada.kz" in part
        assert "https://centrasia.org/newsA.php?st=1770366060" in plain
        assert 'href="https://centrasia.org/newsA.php?st=1770366060"' in markup
        assert 'style="' in markup and "<style" not in markup  # CSS inlined
        assert "<mark" in markup and ">дружба</mark>" in markup  # the keyword, highlighted
        assert "Keyword: дружба" in markup and "[Keyword: дружба]" in plain
    ids = {m["Message-ID"] for m in inbox.messages}
    assert len(ids) == 2


def test_refused_then_accepted_is_retried(
    project: Path, smtp: tuple[Inbox, int], capsys: pytest.CaptureFixture[str]
) -> None:
    inbox, _ = smtp
    inbox.refuse["editor@example.org"] = 2
    assert _send(project) == 0
    out = capsys.readouterr().out
    assert "2026-02-07 to editor@example.org: sent after 3 attempt(s)" in out
    assert len(inbox.to("editor@example.org")) == 1


def test_a_failed_recipient_is_reported_and_retried_next_time(
    project: Path, smtp: tuple[Inbox, int], capsys: pytest.CaptureFixture[str]
) -> None:
    inbox, _ = smtp
    inbox.refuse["editor@example.org"] = -1
    assert _send(project) == 1
    err = capsys.readouterr().err
    assert "to editor@example.org: failed after 3 attempt(s)" in err and "451" in err
    assert len(inbox.to("analyst@example.org")) == 1
    inbox.refuse.clear()
    assert _send(project) == 0
    assert len(inbox.to("editor@example.org")) == 1
    assert len(inbox.to("analyst@example.org")) == 1  # not sent twice


def test_unreachable_server_and_missing_settings(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = project / "config.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("smtp_port:", "smtp_port: 1 #"), encoding="utf-8")
    assert _send(project) == 1
    assert "127.0.0.1:1 refused the connection" in capsys.readouterr().err
    config.write_text("email:\n  to: [a@example.org]\n", encoding="utf-8")
    assert _send(project) == 2
    assert "email.to is set but email.from is not" in capsys.readouterr().err


def test_run_sends_the_newest_issue_once(project: Path, smtp: tuple[Inbox, int]) -> None:
    inbox, _ = smtp
    config = str(project / "config.yaml")
    assert main(["run", "--config", config]) == 0
    assert main(["run", "--config", config]) == 0
    assert sorted(m["To"] for m in inbox.messages) == ["analyst@example.org", "editor@example.org"]
    assert all(m["Subject"].endswith("2026-02-07") for m in inbox.messages)


def test_dry_run_sends_and_stores_nothing(
    project: Path, smtp: tuple[Inbox, int], capsys: pytest.CaptureFixture[str]
) -> None:
    inbox, _ = smtp
    before = {p: p.read_bytes() for p in (project / "archive").rglob("*") if p.is_file()}
    (project / "seeds" / "new.txt").write_text(
        " date 2026-02-09 Новая статья о строительстве моста через Ишим в Астане.\n\n"
        "Мост длиной 420 метров обошелся в 18 млрд тенге, его открыли в понедельник.\n",
        encoding="utf-8",
    )
    capsys.readouterr()
    assert main(["run", "--dry-run", "--config", str(project / "config.yaml")]) == 0
    out = capsys.readouterr().out
    assert "would email the issue of 2026-02-09 to analyst@example.org, editor@example.org" in out
    assert "render   " in out and "open     file://" not in out  # #19: no link to a scratch copy
    after = {p: p.read_bytes() for p in (project / "archive").rglob("*") if p.is_file()}
    assert before == after and inbox.messages == []
    import sqlite3

    with sqlite3.connect(project / "data" / "digest.sqlite3") as conn:
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 5


def test_an_article_that_arrives_after_its_edition_was_mailed_reaches_the_reader_late(
    project: Path, smtp: tuple[Inbox, int]
) -> None:
    """The morning run mails the latest closed edition (2026-02-07 for the seeds); an article
    for that day collected afterwards goes into the edition open at that moment, marked late,
    and goes out when that edition closes (here: the next morning, 06:00 cut-off + 30 min)."""
    inbox, _ = smtp
    config_path = project / "config.yaml"
    assert main(["run", "--config", str(config_path)]) == 0
    assert {m["Subject"] for m in inbox.messages} == {"Дайджест / Digest 2026-02-07"}
    time.sleep(1.1)  # the store's times have one-second resolution: arrive clearly after
    (project / "seeds" / "005_late.txt").write_text(
        " date 2026-02-07 Запоздалая заметка: в Актау открылся новый морской терминал для"
        " перевалки зерна, сообщили в администрации порта. Терминал рассчитан на 300 тысяч"
        " тонн в год.",
        encoding="utf-8",
    )
    assert main(["run", "--config", str(config_path)]) == 0  # collected after the mailing
    config = load(config_path)
    conn = db.connect(config.database)
    zone = ZoneInfo(config.schedule.timezone)
    by_date = {i.date: i for i in pipeline.issues(conn, (), config)}
    (late_issue,) = [i for i in by_date.values() for s in i.stories
                     for a in s.articles if a.stored.article.source == "005_late.txt"]  # fmt: skip
    assert late_issue.date > "2026-02-07"  # not lost in the edition already mailed
    (item,) = [a for s in late_issue.stories for a in s.articles if a.late]
    next_morning = datetime.combine(
        date.fromisoformat(late_issue.date) + timedelta(days=1), dtime(6, 30), zone
    )
    report = pipeline.send(config, conn, SmtpSender(config.email), engine_map={}, now=next_morning)
    day = report.date
    assert day == late_issue.date and all(d.status == "sent" for d in report.deliveries)
    (mail,) = [m for m in inbox.to("analyst@example.org") if day in m["Subject"]]
    text = mail.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "Запоздалая заметка" in text or "Актау" in text
    assert "late: arrived after the 2026-02-07 issue was sent" in text
    assert item.stored.article.source == "005_late.txt"


def test_the_subject_can_name_the_story_count_and_the_first_headline(
    project: Path, smtp: tuple[Inbox, int]
) -> None:
    inbox, _ = smtp
    config = project / "config.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("'Дайджест / Digest {date}'", "'{date}: {stories} — {top}'"), encoding="utf-8"
    )
    assert _send(project, "--date", "2026-02-05") == 0
    subjects = {m["Subject"] for m in inbox.messages}
    assert subjects == {"2026-02-05: 1 — Казахстан и Россия: дружба, проверенная временем"}


def test_a_long_russian_subject_decodes_to_the_exact_text_in_two_decoders(
    project: Path, smtp: tuple[Inbox, int]
) -> None:
    """#19: the email package's folding lost the space at each fold ("базовуюставку")."""
    inbox, _ = smtp
    config = project / "config.yaml"
    prefix = "Нацбанк Казахстана повысил базовую ставку до 18,5%, банки начнут повышать ставки"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("'Дайджест / Digest {date}'", f"'{prefix} по депозитам — {{top}}'"),
        encoding="utf-8",
    )
    assert _send(project, "--date", "2026-02-05") == 0
    want = f"{prefix} по депозитам — Казахстан и Россия: дружба, проверенная временем"
    assert {m["Subject"] for m in inbox.messages} == {want}  # Python's email parser
    header = email.message_from_bytes(inbox.raw[0], policy=email.policy.compat32)["Subject"]
    assert "\n" in header  # folded over lines, as a long header must be
    perl = subprocess.run(  # an independent decoder: Perl's Encode::MIME::Header
        ["perl", "-CS", "-MEncode", "-e", "local $/; print decode('MIME-Header', <STDIN>)"],
        input=header.encode(), capture_output=True, check=True,
    )  # fmt: skip
    assert perl.stdout.decode("utf-8") == want


def test_a_schedule_started_after_issue_at_mails_the_closed_edition_at_once(
    project: Path, smtp: tuple[Inbox, int]
) -> None:
    """#19: started after `issue_at`, the scheduler never mailed that day's edition."""
    inbox, _ = smtp
    config = project / "config.yaml"
    config.write_text(
        config.read_text(encoding="utf-8")
        + "schedule:\n  collect_every_minutes: 60\n  issue_at: '00:01'\n",
        encoding="utf-8",
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "digest", "schedule", "--config", "config.yaml"], cwd=project,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    deadline = time.monotonic() + 120  # a bound on a hang, not a benchmark
    while len(inbox.messages) < 2 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.2)
    proc.send_signal(signal.SIGTERM)
    out, _ = proc.communicate(timeout=60)
    assert proc.returncode == 0, out
    assert sorted((m["To"], m["Subject"]) for m in inbox.messages) == [
        ("analyst@example.org", "Дайджест / Digest 2026-02-07"),
        ("editor@example.org", "Дайджест / Digest 2026-02-07"),
    ], out
    assert "schedule run finished with status 0" in out


def test_a_run_after_downtime_mails_each_missed_edition_oldest_first_once(
    project: Path, smtp: tuple[Inbox, int], capsys: pytest.CaptureFixture[str]
) -> None:
    inbox, _ = smtp
    assert _send(project, "--date", "2025-11-12") == 0  # the readers' first edition
    capsys.readouterr()
    assert _send(project) == 0  # then down until now: two editions closed since
    out = capsys.readouterr().out
    assert "catching up: 2 closed editions not yet sent: 2026-02-05, 2026-02-07" in out, out
    assert [m["Subject"] for m in inbox.to("analyst@example.org")] == [
        "Дайджест / Digest 2025-11-12", "Дайджест / Digest 2026-02-05",
        "Дайджест / Digest 2026-02-07",
    ]  # fmt: skip
    assert _send(project) == 0
    assert "nothing to send" in capsys.readouterr().out and len(inbox.messages) == 6


def test_the_daily_read_by_email(tmp_path: Path, smtp: tuple[Inbox, int]) -> None:
    """#19 by email, on the team's own feeds (tests/data/feeds/daily_read): the subject decodes
    to the exact headline; the highway update leads the minor new items, headed by the day's
    news; the German feed is named German; times are Almaty's."""
    from .browser import serve

    inbox, port = smtp
    lines = ["fetch:", "  host_delay: 0",
             "email:", "  from: digest@example.org", "  to: [analyst@example.org]",
             "  subject: 'Digest {date}: {stories} stories — {top}'",
             "  smtp_host: 127.0.0.1", f"  smtp_port: {port}", "feeds:"]  # fmt: skip
    with serve(ROOT / "tests" / "data" / "feeds" / "daily_read") as base:
        for name, outlet in (
            ("stepnoy", "Степной вестник"),
            ("steppewire", "Steppe Wire"),
            ("kurier", "Столичный курьер"),
            ("technik", "Technik heute"),
        ):
            lines += [f"  - url: {base}/{name}.xml", f"    name: {outlet}"]  # fmt: skip
        (tmp_path / "config.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
        assert main(["run", "--config", str(tmp_path / "config.yaml")]) == 0
    (mail,) = inbox.messages
    top = "Трассу Алматы — Бишкек открыли для всех машин"
    assert mail["Subject"] == f"Digest 2026-01-11: 6 stories — {top}"
    text = mail.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    html = mail.get_body(("html",)).get_content()  # type: ignore[union-attr]
    assert text.index(top) < text.index("Neue Speicherchipproduktion")  # the update first
    assert "закрыли из-за снегопада" not in text.split(top)[0]  # not headed by old news
    assert "Original language: German" in html
    assert "2026-01-11 09:05 (07:05 +0300 at the outlet)" in text


def test_a_message_the_server_took_is_not_sent_again_when_the_goodbye_fails(
    project: Path, smtp: tuple[Inbox, int]
) -> None:
    """#22: the ledger says `sent` the moment the server accepts the message, before QUIT: a
    failure after that is no reason to send it again (it was, to every recipient, a second
    copy)."""
    inbox, _ = smtp
    inbox.bad_goodbye = True
    assert _send(project, "--date", "2026-02-07") == 0
    assert _send(project, "--date", "2026-02-07") == 0
    assert len(inbox.to("analyst@example.org")) == 1 and len(inbox.to("editor@example.org")) == 1


def test_a_permanent_refusal_is_not_retried_and_names_the_server(
    project: Path, smtp: tuple[Inbox, int], capsys: pytest.CaptureFixture[str]
) -> None:
    inbox, port = smtp
    inbox.unknown.add("editor@example.org")
    assert _send(project, "--date", "2026-02-07") == 1
    err = capsys.readouterr().err
    assert inbox.attempts["editor@example.org"] == 1  # a 5xx answer is final
    assert f"127.0.0.1:{port} answered 550 (permanent)" in err and "no such mailbox" in err
    assert len(inbox.to("analyst@example.org")) == 1
