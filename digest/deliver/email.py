"""Email delivery: each issue to each recipient once, recorded in a send ledger in SQLite.

A message is multipart/alternative: the plain text issue and the email-safe HTML (CSS inlined).
Each recipient gets their own message, with a Message-ID fixed for that issue and recipient
the first time, so a retry after a crash reuses it and mail clients can drop a duplicate.
The ledger records `sending` before and `sent` after each delivery: a second `digest send`
skips what was sent; a delivery interrupted between the server's acceptance and the ledger's
commit (a crash in that instant) is sent again with the same Message-ID: the only duplicate
SMTP cannot rule out.
"""

from __future__ import annotations

import os
import smtplib
import sqlite3
import ssl
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Protocol

from digest.config import EmailConfig
from digest.errors import ConfigError
from digest.models import DeliveryStatus
from digest.store import sends


class Sender(Protocol):
    def send(self, message: EmailMessage) -> None:
        """Deliver one message; raise smtplib.SMTPException or OSError on failure."""
        ...


@dataclass(frozen=True)
class Delivery:
    recipient: str
    status: DeliveryStatus
    attempts: int = 0
    error: str = ""


class SmtpSender:
    """Delivers over SMTP with the settings in `email.*`; one connection per message."""

    def __init__(self, cfg: EmailConfig) -> None:
        self.cfg = cfg
        self.password = os.environ.get(cfg.password_env, "") if cfg.username else ""
        if cfg.username and not self.password:
            raise ConfigError(
                f"email.username is set but the environment variable {cfg.password_env}"
                " holding the password is empty"
            )

    def send(self, message: EmailMessage) -> None:
        cfg = self.cfg
        context = ssl.create_default_context()
        smtp: smtplib.SMTP
        if cfg.ssl:
            smtp = smtplib.SMTP_SSL(cfg.smtp_host, cfg.smtp_port, timeout=cfg.timeout,
                                    context=context)  # fmt: skip
        else:
            smtp = smtplib.SMTP(cfg.smtp_host, cfg.smtp_port, timeout=cfg.timeout)
        with smtp:
            if cfg.starttls:
                smtp.starttls(context=context)
            if cfg.username:
                smtp.login(cfg.username, self.password)
            smtp.send_message(message)


def build_message(
    cfg: EmailConfig, recipient: str, date: str, text: str, html: str, message_id: str
) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = cfg.subject.format(date=date)
    message["From"] = cfg.sender
    message["To"] = recipient
    message["Date"] = formatdate(localtime=False, usegmt=True)
    message["Message-ID"] = message_id
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(text, subtype="plain", charset="utf-8")
    message.add_alternative(html, subtype="html", charset="utf-8")
    return message


def send_issue(
    conn: sqlite3.Connection,
    cfg: EmailConfig,
    date: str,
    text: str,
    html: str,
    sender: Sender,
    sleep: Callable[[float], None] = time.sleep,
    recipients: Sequence[str] | None = None,
) -> list[Delivery]:
    """Send the issue of `date` to every recipient not yet sent it; retry with backoff."""
    if not cfg.sender or not (recipients or cfg.to):
        raise ConfigError("email.from and email.to must be set to send issues")
    out: list[Delivery] = []
    for recipient in recipients or cfg.to:
        known = sends.ledger(conn, date, recipient)
        if known is not None and known[0] == "sent":
            out.append(Delivery(recipient, "already"))
            continue
        message_id = known[1] if known else make_msgid(idstring=f"digest.{date}")
        sends.record(conn, date, recipient, "sending", message_id)
        message = build_message(cfg, recipient, date, text, html, message_id)
        error = ""
        for attempt in range(1, max(1, cfg.retries) + 1):
            try:
                sender.send(message)
            except (smtplib.SMTPException, OSError) as exc:
                error = f"{type(exc).__name__}: {exc}"
                if attempt < cfg.retries:
                    sleep(cfg.retry_delay * 2 ** (attempt - 1))
                continue
            sends.record(conn, date, recipient, "sent", message_id, attempt)
            out.append(Delivery(recipient, "sent", attempt))
            break
        else:
            sends.record(conn, date, recipient, "failed", message_id, cfg.retries, error)
            out.append(Delivery(recipient, "failed", cfg.retries, error))
    return out
