"""Real local servers for integration tests: a real SMTP server (`smtp`), raw TCP servers that
misbehave on purpose; and a
check, when the tests end, that every feed.xml any test wrote parses with a strict XML parser
(#22: a control character in a title made the archive's feed invalid)."""

from __future__ import annotations

import socket
import struct
import threading
from collections.abc import Callable, Iterator

import pytest
from aiosmtpd.controller import Controller
from defusedxml import ElementTree

from tests.support.smtp import Inbox, free_port


@pytest.fixture(scope="session", autouse=True)
def every_feed_xml_is_well_formed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    yield
    bad = []
    for path in tmp_path_factory.getbasetemp().rglob("feed.xml"):
        if path.parent.name == "archive" or (path.parent / "index.html").is_file():
            try:
                ElementTree.parse(path)
            except ElementTree.ParseError as exc:
                bad.append(f"{path}: {exc}")
    assert bad == [], bad


class RawServer:
    """A TCP server on 127.0.0.1 whose every connection is handled by `behave(conn)`."""

    def __init__(self, behave: Callable[[socket.socket], None]) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.behave = behave
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}/feed.xml"

    def _serve(self) -> None:
        self.sock.settimeout(0.2)
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            threading.Thread(target=self.behave, args=(conn,), daemon=True).start()

    def close(self) -> None:
        self.stop.set()
        self.sock.close()


def hang(conn: socket.socket) -> None:
    """Accept, read the request, then say nothing until the client gives up."""
    conn.recv(65536)
    conn.settimeout(30)
    try:
        conn.recv(1)
    except OSError:
        pass
    conn.close()


def reset(conn: socket.socket) -> None:
    """Read the request, then abort the connection with a TCP reset."""
    conn.recv(65536)
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    conn.close()


def trickle(conn: socket.socket) -> None:
    """Answer a status line, then one header byte every 0.3 s, forever (slowloris)."""
    import time

    conn.recv(65536)
    try:
        conn.sendall(b"HTTP/1.1 200 OK\r\n")
        while True:
            conn.sendall(b"X")
            time.sleep(0.3)
    except OSError:
        pass
    conn.close()


def garbage(conn: socket.socket) -> None:
    """Answer with bytes that are not HTTP at all."""
    conn.recv(65536)
    conn.sendall(b"\x00\x01\x02 this is not http \xff\xfe\r\n\r\n")
    conn.close()


@pytest.fixture()
def raw_server() -> Iterator[Callable[[Callable[[socket.socket], None]], RawServer]]:
    servers: list[RawServer] = []

    def start(behave: Callable[[socket.socket], None]) -> RawServer:
        servers.append(RawServer(behave))
        return servers[-1]

    yield start
    for s in servers:
        s.close()


@pytest.fixture()
def smtp() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()
