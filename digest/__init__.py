"""digest: a bilingual (Russian/English) media-monitoring digest generator.

Collect articles, store them in SQLite, group coverage of the same story, translate offline,
and render a daily issue with an archive and an email. The public API:

    from digest import load, connect, collect, cluster, render, send
    config = load(Path("config.yaml"))
    conn = connect(config.store)  # an SQLite file, or a postgresql:// address
    collect(config, conn); cluster(config, conn); render(config, conn)

Names are imported on first use, so `import digest` stays cheap.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "Config": "digest.config",
    "load": "digest.config",
    "connect": "digest.store.db",
    "collect": "digest.pipeline",
    "cluster": "digest.pipeline",
    "render": "digest.pipeline",
    "send": "digest.pipeline",
    "main": "digest.cli",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'digest' has no attribute {name!r}")
