"""A real SMTP server for the tests: aiosmtpd on 127.0.0.1, keeping what it receives, able to
refuse a recipient for a while or for good, or the goodbye after taking a message."""

from __future__ import annotations

import email
import email.policy
import socket
from email.message import EmailMessage
from typing import Any

from aiosmtpd.smtp import MISSING


class Inbox:
    """An aiosmtpd handler that keeps what it receives; it can refuse a recipient a few times."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.raw: list[bytes] = []  # as received
        self.bad_goodbye = False  # answer QUIT with an error, after taking the message
        self.refuse: dict[str, int] = {}  # recipient -> refusals left (-1: forever)
        self.unknown: set[str] = set()  # recipients refused for good (550)
        self.attempts: dict[str, int] = {}

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,
                          rcpt_options: Any) -> str:  # noqa: N802  # fmt: skip
        self.attempts[address] = self.attempts.get(address, 0) + 1
        if address in self.unknown:
            return "550 5.1.1 no such mailbox"
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
        self.raw.append(envelope.content)
        return "250 Message accepted"

    async def handle_QUIT(self, server: Any, session: Any, envelope: Any) -> Any:  # noqa: N802
        return "554 5.0.0 goodbye refused" if self.bad_goodbye else MISSING

    def to(self, recipient: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == recipient]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
