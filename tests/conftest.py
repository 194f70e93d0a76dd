"""Shared fixtures: where the project's seeds and test data are."""

from __future__ import annotations

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
