"""Writes the feed fixtures in this folder. Run once: `python tests/data/feeds/make_fixtures.py`.

The texts are written for these tests (not copied from any outlet). Fixtures in legacy
encodings are generated here so that their bytes are exactly what each case says they are.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent

RU_ITEMS = [
    ("Астана и Ташкент договорились о графике попусков воды", "https://ru.example/a/1",
     "Стороны согласовали объёмы воды из Токтогульского водохранилища на вегетационный период.",
     "Tue, 10 Mar 2026 09:30:00 +0500"),
    ("В Алматы открыли новый терминал аэропорта", "https://ru.example/a/2",
     "Терминал рассчитан на 14 млн пассажиров в год; строительство заняло три года.",
     "Wed, 11 Mar 2026 12:00:00 +0500"),
]


def rss(items: list[tuple[str, str, str, str]], declaration: str | None) -> str:
    head = f'<?xml version="1.0" encoding="{declaration}"?>\n' if declaration else ""
    body = "".join(
        f"<item><title>{t}</title><link>{link}</link><description>{d}</description>"
        f"<pubDate>{p}</pubDate><guid>{link}</guid></item>\n"
        for t, link, d, p in items
    )
    return (
        f"{head}<rss version=\"2.0\"><channel><title>Тестовая лента</title>"
        f"<link>https://ru.example/</link><description>Для тестов</description>\n{body}"
        "</channel></rss>\n"
    )


def write(case: str, text: str, encoding: str) -> None:
    folder = HERE / case
    folder.mkdir(exist_ok=True)
    (folder / "feed.xml").write_bytes(text.encode(encoding))


def main() -> None:
    write("cp1251_declared", rss(RU_ITEMS, "windows-1251"), "cp1251")
    write("cp1251_undeclared", rss(RU_ITEMS, None), "cp1251")
    write("koi8r_declared", rss(RU_ITEMS, "koi8-r"), "koi8-r")
    write("koi8r_lying", rss(RU_ITEMS, "windows-1251"), "koi8-r")
    write("utf8_lying", rss(RU_ITEMS, "windows-1251"), "utf-8")


if __name__ == "__main__":
    main()
