"""`digest send` against a real SMTP server (aiosmtpd) on 127.0.0.1: one message per
recipient however often it runs, text and HTML parts, both languages, retries."""

from __future__ import annotations

import email
import email.policy
import shutil
import socket
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from digest.cli import main

ROOT = Path(__file__).resolve().parents[2]


class Inbox:
    """An aiosmtpd handler that keeps what it receives; it can refuse a recipient a few times."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.refuse: dict[str, int] = {}  # recipient -> refusals left (-1: forever)

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,
                          rcpt_options: Any) -> str:  # noqa: N802  # fmt: skip
        left = self.refuse.get(address, 0)
        if left:
            self.refuse[address] = left - 1 if left > 0 else -1
            return "451 4.3.0 try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(msg, EmailMessage)
        self.messages.append(msg)
        return "250 Message accepted"

    def to(self, recipient: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == recipient]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture()
def smtp() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


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
            assert "Not translated: no ru→en model is installed." in part  # English chrome
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
    assert "ConnectionRefusedError" in capsys.readouterr().err
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


def test_dry_run_sends_and_stores_nothing(project: Path, smtp: tuple[Inbox, int]) -> None:
    inbox, _ = smtp
    before = {p: p.read_bytes() for p in (project / "archive").rglob("*") if p.is_file()}
    (project / "seeds" / "new.txt").write_text(
        " date 2026-02-09 Новая статья о строительстве моста через Ишим в Астане.\n\n"
        "Мост длиной 420 метров обошелся в 18 млрд тенге, его открыли в понедельник.\n",
        encoding="utf-8",
    )
    assert main(["run", "--dry-run", "--config", str(project / "config.yaml")]) == 0
    after = {p: p.read_bytes() for p in (project / "archive").rglob("*") if p.is_file()}
    assert before == after and inbox.messages == []
    import sqlite3

    with sqlite3.connect(project / "data" / "digest.sqlite3") as conn:
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 5
