"""An article page's main text, extracted with trafilatura. Pure: bytes in, text out."""

from __future__ import annotations

import trafilatura

from digest.text.chrome import without_chrome


def extract_text(page: bytes, url: str) -> str:
    """The page's article text, paragraphs separated by blank lines, without the site's calls,
    credits and tags that trafilatura leaves inside it (`text.chrome`); '' when none is found."""
    tree = trafilatura.load_html(page)
    if tree is None:
        return ""
    text = trafilatura.extract(
        tree, url=url, favor_precision=True, include_comments=False, include_tables=False
    )
    if not text:
        return ""
    return without_chrome("\n\n".join(line.strip() for line in text.splitlines() if line.strip()))
