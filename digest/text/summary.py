"""An extractive summary of an article: the lead's first sentences."""

from __future__ import annotations

from digest.models import Article
from digest.text.basics import sentences

SUMMARY_SENTENCES = 3
SUMMARY_CHARS = 500


def summary(article: Article) -> str:
    """An extractive summary: the lead's first sentences, up to three and about 500 characters."""
    out: list[str] = []
    for para in article.body.split("\n\n")[:8]:
        for sentence in sentences(para):
            too_long = sum(map(len, out)) + len(sentence) > SUMMARY_CHARS
            if out and (len(out) >= SUMMARY_SENTENCES or too_long):
                return " ".join(out)
            if len(sentence.split()) >= 4:
                out.append(sentence if sentence[-1] in '.!?…»"' else sentence + ".")
    return " ".join(out)
