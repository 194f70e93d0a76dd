"""Seed files: ` date YYYY-MM-DD` on the first line, then a scraped article, chrome and all.

`parse_seed` is pure (name and text in, `Article` out) and recognises the headline, outlet,
author, permanent URL and language, and strips site menus, photo credits and ad breaks.
`load_seeds` is the edge that reads a folder; a broken file becomes an error that names it,
and the other files still load.
"""

from __future__ import annotations

import re
import stat
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from digest.collect import boilerplate as bp
from digest.config import LimitsConfig
from digest.errors import SeedFormatError
from digest.models import Article, day_problem
from digest.text import names
from digest.text.basics import (
    clean_line,
    content_hash,
    ends_sentence,
    gate,
    headline_from_lead,
    is_paragraph,
    language,
)
from digest.text.bounds import cap
from digest.text.headlines import site

HEADER = re.compile(r"^\ufeff?\s*date\s+(?P<date>\S+)(?:[ \t]+(?P<rest>.*))?$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
HEADER_ZONE = 12  # a headline sits among the first lines, if anywhere
MAX_TITLE_WORDS = 25


@dataclass(frozen=True)
class SeedMeta:
    outlet: str = ""
    url: str = ""
    author_line: str = ""


@dataclass(frozen=True)
class SeedLoad:
    """What a folder of seeds gave: the articles, and an error for each file that failed."""

    articles: tuple[Article, ...]
    errors: tuple[SeedFormatError, ...]


def _header(name: str, first: str) -> tuple[str, str]:
    match = HEADER.match(first)
    if not match:
        raise SeedFormatError(
            name, "first line must start with ' date YYYY-MM-DD' followed by the article text"
        )
    day = match.group("date")
    if not ISO_DATE.match(day):
        raise SeedFormatError(name, f"date {day!r} on the first line is not YYYY-MM-DD")
    try:
        date.fromisoformat(day)
    except ValueError:
        raise SeedFormatError(name, f"date {day!r} on the first line is not a real date") from None
    return day, match.group("rest") or ""


def _split_meta(lines: list[str]) -> tuple[list[str], SeedMeta]:
    """Take out source, URL and author lines (kept as metadata) and drop furniture lines."""
    kept: list[str] = []
    outlet = url = author = ""
    for line in lines:
        if m := bp.URL_LINE.match(line):
            url = url or m.group("value")
        elif m := bp.SOURCE_LINE.match(line):
            outlet = outlet or _name(m.group("value"))
        elif bp.DISCLAIMER.match(line):
            continue
        elif (m := bp.AUTHOR_LINE.match(line)) and len(line.split()) <= 20:
            author = author or m.group("value")
        elif bp.CHROME_LINES.match(line) or bp.PHOTO_LINE.match(line):
            continue
        else:
            kept.append(line)
    return kept, SeedMeta(outlet=outlet, url=url, author_line=author)


def _is_furniture(line: str) -> bool:
    """Page header furniture: menus, dates and times, a lone site name."""
    return bp.is_menu(line) or bool(bp.DATE_LINE.match(line)) or len(line.split()) == 1


def _title_and_body(lines: list[str]) -> tuple[str, list[str]]:
    """The headline (if the page has one) and the body paragraphs without captions."""
    title = ""
    body: list[str] = []
    in_header = True
    for i, line in enumerate(lines):
        stripped = bp.PHOTO_TAIL.sub("", line).strip()
        if in_header and (i >= HEADER_ZONE or is_paragraph(stripped)):
            in_header = False
        if in_header:
            if not stripped or _is_furniture(stripped):
                continue
            if not title and not ends_sentence(stripped):
                if len(stripped.split()) <= MAX_TITLE_WORDS:
                    title = stripped
                    continue
            body.append(stripped)
        elif stripped != line.strip():
            continue  # a caption with its photo credit: not part of the story
        else:
            body.append(line)
    return title, body


def _name(raw: str) -> str:
    """An outlet's name as written, without quotes or trailing punctuation."""
    return raw.strip('«»"“”„ ').rstrip(".,;:")


def _outlet(meta: SeedMeta, body: list[str]) -> tuple[str, str, tuple[str, ...]]:
    """(outlet, republished via, cited sources) from source lines, the URL and the lead."""
    cites: list[str] = []
    outlet = meta.outlet
    via = site(meta.url) if meta.url else ""
    for para in body[:3]:
        if m := bp.REPORTED_BY.search(para):
            outlet = outlet or _name(m.group("outlet"))
            if m.group("cited"):
                cites.append(_name(m.group("cited")))
    for para in body:
        for m in bp.CITING.finditer(para):
            cited = _name(m.group("cited"))
            if cited not in cites and cited != outlet:
                cites.append(cited)
    if not outlet and via:
        outlet, via = via, ""
    if via and via.lower() == outlet.lower():
        via = ""
    return outlet, via, tuple(cites)


def _author(meta: SeedMeta, body: list[str], lang: str) -> str:
    """The byline; for an interview without one, the person interviewed."""
    if meta.author_line:
        if lang == "ru":
            return names.last_person(meta.author_line) or meta.author_line.rstrip(".")
        return meta.author_line.rstrip(".")
    if lang == "ru":
        for para in body[:2]:
            if m := bp.INTERVIEW.search(para):
                return names.last_person(m.group("who"))
    return ""


def parse_seed(
    name: str, text: str, max_chars: int = LimitsConfig().article_chars, today: date | None = None
) -> Article:
    """Parse one seed file's text. Raises `SeedFormatError` naming `name` and the problem.
    A text longer than `max_chars` is cut at a paragraph and ends with «[…]»."""
    text = gate(text[: max_chars * 2])  # the limit applies to the text; no need to look further
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    day, rest = _header(name, raw_lines[0])
    problem = day_problem(date.fromisoformat(day), today)
    if problem:
        raise SeedFormatError(name, f"{problem}: fix the first line (' date YYYY-MM-DD')")
    lines = [clean_line(x) for x in [rest, *raw_lines[1:]]]
    lines = [x for x in lines if x]
    kept, meta = _split_meta(lines)
    title, body = _title_and_body(kept)
    if not body:
        raise SeedFormatError(name, "no article text after the date line")
    body_text, _ = cap("\n\n".join(body), max_chars)
    lang = language(body_text)
    outlet, via, cites = _outlet(meta, body)
    derived = not title
    return Article(
        source=name,
        published=day,
        title=title or headline_from_lead(body_text),
        body=body_text,
        language=lang,
        outlet=outlet,
        via=via,
        cites=cites,
        author=_author(meta, body, lang),
        url=meta.url,
        title_derived=derived,
        content_hash=content_hash(f"{title}\n{body_text}"),  # a headline edited alone: updated
        encoding="utf-8 (seed file)",
    )


_KINDS = (
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
)


def _read_bounded(path: Path, limit: int) -> bytes:
    """The bytes of `path`, a regular file (through any symlinks) of at most `limit` bytes,
    read with that bound whatever the file claims; `SeedFormatError` otherwise, before a FIFO
    can block or /dev/zero fill the memory."""
    try:
        info = path.stat()
    except OSError as exc:
        raise SeedFormatError(path.name, f"cannot read file: {exc.strerror or exc}") from None
    if not stat.S_ISREG(info.st_mode):
        kind = next((name for test, name in _KINDS if test(info.st_mode)), "not a regular file")
        raise SeedFormatError(path.name, f"{kind}, not a regular file: left alone")
    too_big = f"over the limit of {limit:,} bytes (limits.seed_bytes in config.yaml)"
    if info.st_size > limit:
        raise SeedFormatError(path.name, f"file is {info.st_size:,} bytes, {too_big}")
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise SeedFormatError(path.name, f"cannot read file: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise SeedFormatError(path.name, f"file grew while read, {too_big}")
    return data


def _decoded(name: str, data: bytes) -> str:
    head = data[:2000]
    if head.count(0) > len(head) // 4:  # every other byte zero: UTF-16 without its mark
        raise SeedFormatError(
            name, "looks like UTF-16 text (every other byte is zero); save it as UTF-8"
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SeedFormatError(
            name, f"not UTF-8 text (bad byte at offset {exc.start}); save it as UTF-8"
        ) from None


def read_seed(path: Path, limits: LimitsConfig | None = None) -> Article:
    """Read and parse one seed file; every failure is a `SeedFormatError` naming the file.
    Only a regular file is read (a FIFO, a device or a socket is refused by name), and no
    more than `limits.seed_bytes` of it."""
    limits = limits or LimitsConfig()
    text = _decoded(path.name, _read_bounded(path, limits.seed_bytes))
    if not text.strip():
        raise SeedFormatError(path.name, "file is empty")
    return parse_seed(path.name, text, limits.article_chars)


def load_seeds(folder: Path, limits: LimitsConfig | None = None) -> SeedLoad:
    """Every `*.txt` seed in `folder`, in name order; broken files are reported, not fatal."""
    if not folder.is_dir():
        raise SeedFormatError(str(folder), "seed folder not found (check the seeds_dir key)")
    articles: list[Article] = []
    errors: list[SeedFormatError] = []
    for path in sorted(folder.glob("*.txt")):
        try:
            articles.append(read_seed(path, limits))
        except SeedFormatError as exc:
            errors.append(exc)
    return SeedLoad(tuple(articles), tuple(errors))
