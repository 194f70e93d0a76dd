"""The project as a user installs it: a wheel built from this tree, installed into a fresh
virtualenv, renders the seeds from a folder that is not the project's.

The wheel is built without build isolation (setuptools from the project's environment) and
installed without its dependencies; the fresh virtualenv sees the project environment's
site-packages for those through a .pth line. That line adds the folder to the path without
running its .pth files, so the project's editable install is not seen: `digest` can only come
from the wheel (the test checks where it was imported from).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TOP_LEVEL_ONLY = {"digest", "templates", "pyproject.toml", "README.md"}  # what a build reads


def _top_level(folder: str, names: list[str]) -> set[str]:
    """`copytree`'s ignore: at the top, everything but what the build reads."""
    if Path(folder) == ROOT:
        return {n for n in names if n not in TOP_LEVEL_ONLY}
    return {n for n in names if n == "__pycache__"}


def _run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=300, check=False
    )


def test_a_built_wheel_renders_the_seeds_from_a_foreign_folder(tmp_path: Path) -> None:
    source = tmp_path / "source"  # a copy, so the build leaves nothing in the project
    shutil.copytree(ROOT, source, ignore=_top_level)
    built = _run(
        sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
        "--wheel-dir", tmp_path / "dist", source,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr[-2000:]
    (wheel,) = (tmp_path / "dist").glob("digest-*.whl")

    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    site = _run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])")
    purelib = Path(site.stdout.strip())
    (purelib / "project-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    installed = _run(python, "-m", "pip", "install", "--no-deps", "--no-index", wheel)
    assert installed.returncode == 0, installed.stderr[-2000:]

    foreign = tmp_path / "elsewhere"
    shutil.copytree(ROOT / "seeds", foreign / "seeds")
    (foreign / "config.yaml").write_text("seeds_dir: seeds\n", encoding="utf-8")
    where = _run(python, "-c", "import digest; print(digest.__file__)", cwd=foreign)
    assert Path(where.stdout.strip()).is_relative_to(purelib), where.stdout + where.stderr

    ran = _run(python, "-m", "digest", "run", "--config", "config.yaml", cwd=foreign)
    assert ran.returncode == 0, ran.stdout[-2000:] + ran.stderr[-2000:]
    page = foreign / "archive" / "2026-02-05" / "index.html"
    assert page.is_file(), ran.stdout
    assert "Казахстан и Россия: дружба, проверенная временем" in page.read_text(encoding="utf-8")
    assert (foreign / "archive" / "index.html").is_file()
