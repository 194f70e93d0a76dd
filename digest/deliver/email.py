"""Email delivery: each issue to each recipient once, recorded in a send ledger in SQLite.

A message is multipart/alternative: the plain text issue and the email-safe HTML (CSS inlined).
Each recipient gets their own message, with a Message-ID fixed for that issue and recipient
the first time, so a retry after a crash reuses it and mail clients can drop a duplicate.
The ledger records `sending` before each delivery and `sent` the moment the server has accepted
the message (before the goodbye): a second `digest send` skips what was sent; a delivery killed
between the server's acceptance and that commit (milliseconds) is sent again with the same
Message-ID: the only duplicate SMTP cannot rule out.
"""

from __future__ import annotations

import os
import smtplib
import ssl
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from email.header import Header
from email.message import EmailMessage
from email.policy import Policy
from email.utils import formatdate, make_msgid
from typing import Protocol

from digest.config import EmailConfig
from digest.errors import ConfigError
from digest.models import DeliveryStatus
from digest.store import sends
from digest.store.backend import Connection


def _nothing() -> None:
    return None


class Sender(Protocol):
    def send(self, message: EmailMessage, accepted: Callable[[], None] = _nothing) -> None:
        """Deliver one message; raise smtplib.SMTPException or OSError on failure. Call
        `accepted` the moment the server has taken it, before anything else is said."""
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

    def send(self, message: EmailMessage, accepted: Callable[[], None] = _nothing) -> None:
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
            accepted()  # before QUIT: the window for a duplicate is as small as SMTP allows


def _code(exc: BaseException) -> int | None:
    code = getattr(exc, "smtp_code", None)
    if code is None and isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [c for c, _ in exc.recipients.values()]
        code = codes[0] if codes else None
    return code if isinstance(code, int) else None


def permanent(exc: BaseException) -> bool:
    """A permanent SMTP failure (a 5xx reply): retrying sends the same message to the same
    refusal."""
    code = _code(exc)
    return code is not None and 500 <= code < 600


def describe(exc: BaseException, cfg: EmailConfig) -> str:
    """The failure with the server's address and, where it answered, its reply."""
    where = f"{cfg.smtp_host}:{cfg.smtp_port}"
    code = _code(exc)
    if code is not None:
        reply = getattr(exc, "smtp_error", b"")
        if isinstance(reply, bytes):
            reply = reply.decode("utf-8", "replace")
        if not reply and isinstance(exc, smtplib.SMTPRecipientsRefused):
            reply = "; ".join(m.decode("utf-8", "replace") for _, m in exc.recipients.values())
        kind = "permanent" if permanent(exc) else "temporary"
        return f"{where} answered {code} ({kind}): {reply}".strip()
    if isinstance(exc, ConnectionRefusedError):
        return f"{where} refused the connection (is the SMTP server running there?)"
    if isinstance(exc, OSError) and not isinstance(exc, smtplib.SMTPException):
        return f"{where}: {exc.strerror or exc}"
    return f"{where}: {type(exc).__name__}: {exc}"


class Subject(str):
    """A subject that folds into RFC 2047 encoded words with every space inside a word.

    The email package's own folding (3.11) can put the space between two words at a fold,
    between two encoded words, where RFC 2047 tells every decoder to drop it ("…базовуюставку").
    `email.header.Header` encodes the text in pieces that keep their spaces; a value with a
    `name` is stored and folded as it is (`EmailPolicy.header_store_parse`)."""

    name = "Subject"

    def fold(self, *, policy: Policy) -> str:
        charset = "us-ascii" if self.isascii() else "utf-8"  # plain words fold at their spaces
        encoded = Header(str(self), charset, header_name=self.name).encode(linesep=policy.linesep)
        return f"{self.name}: {encoded}{policy.linesep}"


def build_message(
    cfg: EmailConfig,
    recipient: str,
    date: str,
    text: str,
    html: str,
    message_id: str,
    fields: Mapping[str, object] | None = None,
) -> EmailMessage:
    """One recipient's message. `fields` fill the subject's placeholders besides {date}
    ({stories}, {top}; checked when the config is loaded)."""
    values = {"stories": "", "top": "", **(fields or {}), "date": date}
    return envelope(cfg, recipient, cfg.subject.format(**values), text, html, message_id)


def envelope(
    cfg: EmailConfig, recipient: str, subject: str, text: str, html: str, message_id: str
) -> EmailMessage:
    """A message from `email.from` to one recipient: the subject on one line (whatever a title
    holds), plain text and HTML."""
    message = EmailMessage()
    message["Subject"] = Subject(" ".join(subject.split()))
    message["From"] = cfg.sender
    message["To"] = recipient
    message["Date"] = formatdate(localtime=False, usegmt=True)
    message["Message-ID"] = message_id
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(text, subtype="plain", charset="utf-8")
    message.add_alternative(html, subtype="html", charset="utf-8")
    return message


def send_issue(
    conn: Connection,
    cfg: EmailConfig,
    date: str,
    text: str,
    html: str,
    sender: Sender,
    sleep: Callable[[float], None] = time.sleep,
    recipients: Sequence[str] | None = None,
    fields: Mapping[str, object] | None = None,
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
        message = build_message(cfg, recipient, date, text, html, message_id, fields)

        def ledger(status: DeliveryStatus, attempts: int, error: str, to: str = recipient,
                   mid: str = message_id) -> None:  # fmt: skip
            sends.record(conn, date, to, status, mid, attempts, error)

        out.append(deliver(cfg, recipient, message, sender, sleep, ledger))
    return out


Ledger = Callable[[DeliveryStatus, int, str], None]  # records (status, attempts, error)


def deliver(
    cfg: EmailConfig, recipient: str, message: EmailMessage, sender: Sender,
    sleep: Callable[[float], None], record: Ledger,
) -> Delivery:  # fmt: skip
    """One recipient's message, tried up to `cfg.retries` times; `record` says `sent` the
    moment the server accepts it."""
    attempt, error, taken = 0, "", False

    def accepted() -> None:
        nonlocal taken
        taken = True
        record("sent", attempt, "")

    while attempt < max(1, cfg.retries):
        attempt += 1
        try:
            sender.send(message, accepted)
        except (smtplib.SMTPException, OSError) as exc:
            if taken:  # accepted, then the goodbye failed: it went out
                return Delivery(recipient, "sent", attempt)
            error = describe(exc, cfg)
            if permanent(exc):
                break  # a 5xx answer will not change on a retry
            if attempt < cfg.retries:
                sleep(cfg.retry_delay * 2 ** (attempt - 1))
            continue
        if not taken:  # a sender that does not say when the server took it
            record("sent", attempt, "")
        return Delivery(recipient, "sent", attempt)
    record("failed", attempt, error)
    return Delivery(recipient, "failed", attempt, error)
