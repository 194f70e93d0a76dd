"""Source HTML made safe (nh3) and turned into plain text; URLs made canonical."""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import nh3

# A safe subset: text structure and links. No images (nothing remote loads unasked), no
# scripts, no styles, no event handlers; links only to http, https and mailto.
SAFE_TAGS = {"p", "br", "a", "b", "strong", "i", "em", "ul", "ol", "li", "blockquote", "h3", "h4"}
SAFE_ATTRIBUTES = {"a": {"href", "title"}}
SAFE_SCHEMES = {"http", "https", "mailto"}
_BLOCK_END = re.compile(r"(?i)<br\s*/?>|</(?:p|li|h[1-6]|blockquote|div|tr)>")
_BLANKS = re.compile(r"\n\s*\n+")
TRACKING = re.compile(
    r"^(?:utm_\w+|fbclid|gclid|yclid|dclid|mc_cid|mc_eid|_openstat|from|ref|rss|cmpid|_ga)$",
    re.IGNORECASE,
)


def sanitize(fragment: str) -> str:
    """HTML reduced to the safe subset, links marked noopener noreferrer nofollow."""
    return nh3.clean(
        fragment,
        tags=SAFE_TAGS,
        attributes=SAFE_ATTRIBUTES,
        url_schemes=SAFE_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )


def to_text(fragment: str) -> str:
    """Plain text of an HTML fragment: paragraphs separated by blank lines, entities decoded.

    The result is text, not markup: whatever shows it must escape it (Jinja autoescape does).
    """
    marked = _BLOCK_END.sub("\n\n", sanitize(fragment))
    stripped = nh3.clean(marked, tags=set())
    text = html.unescape(stripped)
    paragraphs = [" ".join(p.split()) for p in _BLANKS.split(text)]
    return "\n\n".join(p for p in paragraphs if p)


def canonical_url(url: str) -> str:
    """The URL without tracking parameters or fragment, scheme and host in lower case."""
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return ""
    query = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not TRACKING.match(k)
    ]
    host = parts.hostname.lower()
    port = parts.port
    default = {"http": 80, "https": 443}[parts.scheme.lower()]
    netloc = host if port in (None, default) else f"{host}:{port}"
    return urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", urlencode(query), ""))
