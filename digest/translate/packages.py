"""Translation model packages (argostranslate's `.argosmodel`: a zip of a CTranslate2 model
folder, a SentencePiece model and metadata.json): install from files or folders, list, and
install from the Argos package index when the machine is online.

argostranslate is imported only here and in `argos`, after its data folders are pointed at
the project's own (`translate.models_dir`), so nothing lands in the user's home and nothing is
downloaded behind our back.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from types import ModuleType
from typing import Any

import httpx

from digest.errors import ModelError, make_folder

MAX_PACKAGE_BYTES = 2_000_000_000


@dataclass(frozen=True)
class Model:
    from_code: str
    to_code: str
    version: str
    path: Path

    @property
    def pair(self) -> str:
        return f"{self.from_code}-{self.to_code}"

    @property
    def label(self) -> str:
        return f"argos {self.from_code}→{self.to_code} {self.version or '?'}"


def argos(models_dir: Path) -> ModuleType:
    """argostranslate.package, with every folder it uses under `models_dir`."""
    make_folder(models_dir, "models")
    home = models_dir.with_name(models_dir.name + ".argos")  # beside: every folder in
    # models_dir must be a package, or argostranslate's own listing fails
    for var, sub in (("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"),
                     ("XDG_CACHE_HOME", "cache")):  # fmt: skip
        os.environ[var] = str(home / sub)
    os.environ["ARGOS_PACKAGES_DIR"] = str(models_dir)
    os.environ["ARGOS_DEVICE_TYPE"] = "cpu"
    from argostranslate import package, settings

    settings.package_data_dir = models_dir
    settings.package_dirs = [models_dir]
    module: ModuleType = package
    return module


def _check_folder(folder: Path, name: str) -> dict[str, Any]:
    meta_path = folder / "metadata.json"
    if not meta_path.is_file():
        raise ModelError(f"{name}: no metadata.json: not an Argos model package")
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"{name}: metadata.json is unreadable: {exc}") from None
    if not isinstance(meta, dict) or not meta.get("from_code") or not meta.get("to_code"):
        raise ModelError(f"{name}: metadata.json lacks from_code and to_code")
    if not (folder / "model" / "model.bin").is_file():
        raise ModelError(f"{name}: no model/model.bin (the CTranslate2 model)")
    if not any((folder / t).is_file() for t in ("sentencepiece.model", "bpe.model")):
        raise ModelError(f"{name}: no sentencepiece.model or bpe.model (the tokenizer)")
    return meta


def _unzip(path: Path, into: Path) -> Path:
    """Extract a package zip safely into `into`; returns the package folder inside it."""
    if not zipfile.is_zipfile(path):
        raise ModelError(f"{path}: not a zip archive, so not an .argosmodel package")
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        total = sum(i.file_size for i in archive.infolist())
        if total > MAX_PACKAGE_BYTES:
            raise ModelError(f"{path}: unpacks to {total} bytes, more than a model should")
        for name in names:
            parts = PurePosixPath(name).parts
            if name.startswith("/") or ".." in parts:
                raise ModelError(f"{path}: unsafe path inside the archive: {name!r}")
        archive.extractall(into)
    tops = {PurePosixPath(n).parts[0] for n in names if PurePosixPath(n).parts}
    if len(tops) == 1 and (into / next(iter(tops))).is_dir():
        return into / next(iter(tops))
    return into


def install(source: Path, models_dir: Path) -> Model:
    """Install one package (an .argosmodel file or an unpacked folder) into `models_dir`."""
    if not source.exists():
        raise ModelError(f"{source}: no such file or folder")
    make_folder(models_dir, "models")
    with tempfile.TemporaryDirectory(dir=models_dir, prefix=".install-") as tmp:
        if source.is_dir():
            folder = Path(tmp) / source.name
            shutil.copytree(source, folder)
        else:
            folder = _unzip(source, Path(tmp))
        meta = _check_folder(folder, str(source))
        name = f"{meta['from_code']}_{meta['to_code']}"
        target = models_dir / name
        old = models_dir / f".old-{name}"
        if target.exists():
            target.rename(old)
        folder.rename(target)
        shutil.rmtree(old, ignore_errors=True)
    return _model(target)


def _model(folder: Path) -> Model:
    meta = _check_folder(folder, str(folder))
    return Model(meta["from_code"], meta["to_code"], str(meta.get("package_version", "")), folder)


def installed(models_dir: Path) -> list[Model]:
    """The packages installed in `models_dir` (broken folders are skipped)."""
    if not models_dir.is_dir():
        return []
    found = []
    for folder in sorted(models_dir.iterdir()):
        if folder.is_dir() and not folder.name.startswith("."):
            try:
                found.append(_model(folder))
            except ModelError:
                continue
    return found


def find(models_dir: Path, pair: str) -> Model | None:
    return next((m for m in installed(models_dir) if m.pair == pair), None)


def install_from_index(
    index_url: str, pairs: list[str], models_dir: Path, client: httpx.Client
) -> list[Model]:
    """Download and install the packages for `pairs` listed in the Argos package index."""
    try:
        response = client.get(index_url)
        response.raise_for_status()
        index = response.json()
    except (httpx.HTTPError, ValueError) as exc:
        raise ModelError(
            f"cannot reach the Argos package index at {index_url} ({exc}). This machine looks"
            " offline: copy .argosmodel files over from a machine that has them and run"
            " `digest models install FILE.argosmodel`"
        ) from None
    wanted = {tuple(p.split("-")) for p in pairs}
    make_folder(models_dir, "models")
    done: list[Model] = []
    for entry in index if isinstance(index, list) else []:
        key = (entry.get("from_code"), entry.get("to_code"))
        if key not in wanted or not entry.get("links"):
            continue
        with tempfile.NamedTemporaryFile(suffix=".argosmodel", dir=models_dir) as tmp:
            link = entry["links"][0]
            try:
                with client.stream("GET", link) as got:
                    got.raise_for_status()
                    for chunk in got.iter_bytes():
                        tmp.write(chunk)
            except httpx.HTTPError as exc:
                raise ModelError(f"cannot download {link}: {exc}") from None
            tmp.flush()
            done.append(install(Path(tmp.name), models_dir))
        wanted.discard(key)
    if wanted:
        missing = ", ".join("-".join(w) for w in sorted(wanted))
        raise ModelError(f"the package index at {index_url} has no package for {missing}")
    return done
