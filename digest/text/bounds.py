"""Article texts up to a limit: cut at a paragraph and marked, rather than dropped. (The range
of publication days is the domain's: `digest.models.day_problem`.)"""

from __future__ import annotations

TRUNCATED = "[…]"  # ends a text cut at the article limit


def cap(text: str, max_chars: int) -> tuple[str, bool]:
    """`text` cut to at most `max_chars` characters at a paragraph (else a line, else a space)
    and marked with «[…]»; whether it was cut."""
    if len(text) <= max_chars:
        return text, False
    head = text[: max(0, max_chars - len(TRUNCATED) - 2)]
    for sep in ("\n\n", "\n", " "):
        cut = head.rfind(sep)
        if cut >= len(head) // 2:
            head = head[:cut]
            break
    return f"{head.rstrip()}\n\n{TRUNCATED}", True
