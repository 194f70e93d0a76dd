"""Archive files a web server can read (issue #17): written under umask 022, every file is
0644 and every folder 0755, and another user (nobody) can read every file, checked for real
with runuser when the tests run as root."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from digest.cli import main

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture()
def public_folder() -> Iterator[Path]:
    """A folder outside pytest's private (0700) temporary tree, readable by others."""
    folder = Path(tempfile.mkdtemp(prefix="digest-public-"))
    folder.chmod(0o755)
    old = os.umask(0o022)
    try:
        yield folder
    finally:
        os.umask(old)
        shutil.rmtree(folder)


def test_every_archive_file_is_readable_by_another_user(public_folder: Path) -> None:
    shutil.copytree(ROOT / "seeds", public_folder / "seeds")
    config = public_folder / "config.yaml"
    config.write_text("", encoding="utf-8")
    assert main(["run", "--config", str(config)]) == 0
    archive = public_folder / "archive"
    files = [p for p in archive.rglob("*") if p.is_file()]
    folders = [archive, *(p for p in archive.rglob("*") if p.is_dir())]
    assert len(files) >= 20
    assert {stat.S_IMODE(p.stat().st_mode) for p in files} == {0o644}
    assert {stat.S_IMODE(p.stat().st_mode) for p in folders} == {0o755}
    if os.geteuid() != 0 or shutil.which("runuser") is None:
        pytest.skip("reading as another user needs root and runuser; the modes are checked")
    for path in files:
        read = subprocess.run(
            ["runuser", "-u", "nobody", "--", "cat", str(path)],
            capture_output=True, timeout=30, check=False,
        )  # fmt: skip
        assert read.returncode == 0, (path, read.stderr)
        assert read.stdout == path.read_bytes()


def test_nothing_a_web_server_serves_gives_away_keywords_or_failing_feeds(tmp_path: Path) -> None:
    """#19: archive/.digest-state.json held the keywords and failing feeds' addresses."""
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / ".digest-state.json").write_text('{"render": {"keywords": ["old"]}}')  # older
    config = tmp_path / "config.yaml"
    config.write_text(
        "render:\n  keywords: [секретное-слово]\nfeeds:\n"
        "  - url: http://127.0.0.1:9/private-feed.xml\n    name: Private\n"
        "fetch:\n  max_failures: 0\n  connect_timeout: 1\n",
        encoding="utf-8",
    )
    main(["run", "--config", str(config)])
    assert not (archive / ".digest-state.json").exists()
    hidden = [p for p in archive.rglob(".*") if p.is_file()]
    assert hidden, "the render state is kept"
    for path in hidden:
        text = path.read_text(encoding="utf-8")
        assert "секретное-слово" not in text and "private-feed" not in text, path
