"""digest: a bilingual (Russian/English) media-monitoring digest generator.

Collect articles, store them in SQLite, group coverage of the same story, and render a daily
issue with an archive. The public API is small: load a config, run the pipeline.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
