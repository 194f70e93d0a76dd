"""A local feed server for the benchmark: serves a folder on several loopback addresses
(127.0.0.1 … 127.0.0.N, one host each), with ETag and 304. Not part of the product.

    python -m bench.feedserver FOLDER HOSTS PORT
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


@contextmanager
def serving(folder: Path, hosts: int, port: int) -> Iterator[None]:
    """This server in a child process for the duration (so the benchmarked one has the CPU to
    itself in Python's sense), serving `folder` on `hosts` loopback addresses at `port`."""
    server = subprocess.Popen(
        [sys.executable, "-m", "bench.feedserver", str(folder), str(hosts), str(port)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert server.stdout is not None and server.stdout.readline().strip() == "ready"
    try:
        yield
    finally:
        assert server.stdin is not None
        server.stdin.close()
        server.wait(timeout=10)


class Handler(BaseHTTPRequestHandler):
    def __init__(self, *args: object, folder: Path, **kwargs: object) -> None:
        self.folder = folder
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def do_GET(self) -> None:  # noqa: N802 (the http.server API)
        path = self.folder / self.path.lstrip("/").split("?")[0]
        if not path.is_file():
            self.send_error(404)
            return
        body = path.read_bytes()
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", etag)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def main() -> None:
    folder, hosts, port = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    servers = [
        ThreadingHTTPServer((f"127.0.0.{h}", port), partial(Handler, folder=folder))
        for h in range(1, hosts + 1)
    ]
    for s in servers:
        threading.Thread(target=s.serve_forever, daemon=True).start()
    print("ready", flush=True)
    sys.stdin.read()  # serve until the parent closes our stdin


if __name__ == "__main__":
    main()
