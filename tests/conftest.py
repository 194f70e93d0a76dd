"""Shared fixtures: where the project's seeds and test data are."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The project's own copy of the five seed articles."""
    return ROOT / "seeds"


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return DATA


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A real PostgreSQL server, started once for the whole test run (tests/support/postgres.py)."""
    from tests.support.postgres import server

    with server() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a test's store lives, once for each backend: an SQLite file, or a fresh database
    on the test run's PostgreSQL server."""
    if request.param == "sqlite":
        return str(tmp_path / "store" / "digest.sqlite3")
    from tests.support.postgres import new_database

    url: str = new_database(request.getfixturevalue("postgres_server"))
    return url
