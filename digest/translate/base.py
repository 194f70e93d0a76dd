"""What every engine shares: the `Engine` protocol, protection of what must not be translated,
and the check that throws away degenerate output.

Protection: numbers, URLs, e-mail addresses and glossary names are swapped for placeholders
the engine leaves alone (`⟦0⟧`, `⟦1⟧`, …) and put back afterwards. An output that lost a
placeholder, came back empty, loops on one token, or is only symbols falls back to the original
text, flagged, so a reader never sees garbage presented as a translation.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from digest.models import Translation

_PROTECT = re.compile(
    r"https?://\S+|www\.\S+|[\w.+-]+@[\w-]+\.[\w.]+"  # URLs and e-mail
    r"|[$€£₽₸]?\d+(?:[.,\u00a0 ]\d{3})*(?:[.,]\d+)?(?:\s?%)?"  # numbers, money, percentages
)
_PLACEHOLDER = re.compile(r"⟦(\d+)⟧")
_LETTER = re.compile(r"[^\W\d_]")


class Engine(Protocol):
    """A translation engine for one direction."""

    label: str  # e.g. "argos ru→en 1.9": engine, direction and model version, shown to readers

    def translate_batch(self, texts: Sequence[str]) -> list[str]:
        """Translate many texts in one go; the same number comes back, in order."""
        ...


def protect(text: str, glossary: Sequence[str] = ()) -> tuple[str, list[str]]:
    """The text with protected spans replaced by placeholders, and the spans in order."""
    spans: list[str] = []

    def keep(m: re.Match[str]) -> str:
        spans.append(m.group(0))
        return f"⟦{len(spans) - 1}⟧"

    if glossary:
        names = sorted({g for g in glossary if g.strip()}, key=len, reverse=True)
        pattern = re.compile("|".join(rf"\b{re.escape(n)}\b" for n in names))
        text = pattern.sub(keep, text)
    parts = re.split(r"(⟦\d+⟧)", text)
    parts = [p if _PLACEHOLDER.fullmatch(p) else _PROTECT.sub(keep, p) for p in parts]
    return "".join(parts), spans


def restore(text: str, spans: Sequence[str]) -> str | None:
    """Put the protected spans back; None if the engine lost or invented a placeholder."""
    found = [int(n) for n in _PLACEHOLDER.findall(text)]
    if sorted(found) != list(range(len(spans))):
        return None
    return _PLACEHOLDER.sub(lambda m: spans[int(m.group(1))], text)


def degenerate(source: str, output: str) -> str:
    """Why `output` is not a usable translation of `source`, or '' when it is fine."""
    out = output.strip()
    if not out:
        return "empty"
    if _LETTER.search(source) and not _LETTER.search(out):
        return "symbols"
    words = out.split()
    if len(words) >= 6:
        run = longest = 1
        for a, b in zip(words, words[1:], strict=False):
            run = run + 1 if a == b else 1
            longest = max(longest, run)
        if longest >= 4 or len(set(words)) <= len(words) // 4:
            return "loop"
    if len(out) > 4 * len(source) + 40:
        return "loop"
    return ""


def checked(source: str, raw: str, spans: Sequence[str], label: str) -> Translation:
    """The engine's raw output made safe: restored, or the original with a flag."""
    restored = restore(raw, spans)
    if restored is None:
        return Translation(source, "original", "lost-protected")
    why = degenerate(source, restored)
    if why:
        return Translation(source, "original", why)
    return Translation(restored, label)
