"""A real PostgreSQL server for the tests, started in a temporary folder on a free loopback port
with Debian's server binaries (`initdb`, `pg_ctl`; `make setup` installs the `postgresql`
package) and stopped at the end. initdb refuses to run as root, so as root the server runs as
the `postgres` user. Each test gets a database of its own."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg


def server_binaries() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_owner(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


@contextmanager
def server() -> Iterator[str]:
    """Start a server; yields the address of its maintenance database (user `digest`)."""
    bin_dir = server_binaries()
    assert bin_dir is not None, "PostgreSQL's server is required (Debian package postgresql)"
    folder = Path(tempfile.mkdtemp(prefix="digest-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    data, port = folder / "data", _free_port()
    run = {"check": True, "capture_output": True, "text": True, "timeout": 120}
    subprocess.run(_as_owner([str(bin_dir / "initdb"), "-D", str(data), "-U", "digest",
                              "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8"]), **run)  # type: ignore[call-overload]  # fmt: skip
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
    subprocess.run(_as_owner([str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l",
                              str(folder / "log"), "-w", "start"]), **run)  # type: ignore[call-overload]  # fmt: skip
    try:
        yield f"postgresql://digest@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(_as_owner([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate",
                                  "-w", "stop"]), check=False, capture_output=True)  # fmt: skip
        shutil.rmtree(folder, ignore_errors=True)


def new_database(maintenance_url: str) -> str:
    """A fresh empty database on the server; returns its address."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(maintenance_url, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")  # type: ignore[arg-type]
    return maintenance_url.rsplit("/", 1)[0] + "/" + name
