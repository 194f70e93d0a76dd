"""#21: figures that disagree, shown on the issue page, the story page, digest.md and
digest.json, from three local feeds (`tests/data/feeds/figures/`): the pipeline investment told
as 30, 25 and 30 млрд долларов is flagged; the rate decision with the analysts' expectation
beside it is not."""

from __future__ import annotations

import json
from pathlib import Path

from pytest_httpserver import HTTPServer
from werkzeug import Response

from digest.cli import main

FIGURES = Path(__file__).resolve().parents[2] / "tests" / "data" / "feeds" / "figures"
OUTLETS = {"kp": "КП", "lada": "Lada.kz", "tengri": "Tengri"}


def test_figures_that_differ_between_outlets_are_shown_together(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    lines = ["seeds_dir: seeds", "fetch:", "  host_delay: 0", "feeds:"]
    for name, outlet in OUTLETS.items():
        body = (FIGURES / f"{name}.xml").read_bytes()
        httpserver.expect_request(f"/{name}.xml").respond_with_response(
            Response(body, headers={"Content-Type": "application/rss+xml"})
        )
        lines += [f"  - url: {httpserver.url_for(f'/{name}.xml')}", f"    name: {outlet}"]
    (tmp_path / "config.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "seeds").mkdir()
    assert main(["run", "--config", str(tmp_path / "config.yaml")]) == 0

    issue = json.loads((tmp_path / "archive" / "2026-02-05" / "digest.json").read_text("utf-8"))
    stories = {s["title"]["ru"]: s for s in issue["stories"]}
    pipeline = next(s for t, s in stories.items() if "газопровод" in t.lower())
    rate = next(s for t, s in stories.items() if "ставк" in t.lower())
    assert len(pipeline["outlets"]) == 3 and len(rate["outlets"]) == 2  # one story each
    assert pipeline["figures_differ"] == [{
        "about": "Инвестиции России строительство газопровода",
        "figures": [{"outlet": "КП", "figure": "30 млрд долларов"},
                    {"outlet": "Lada.kz", "figure": "25 млрд долларов"},
                    {"outlet": "Tengri", "figure": "30 млрд долларов"}],
    }]  # fmt: skip
    assert rate["figures_differ"] == []  # 16,5 % decided; 17 % was the analysts' expectation

    said = ("КП: 30 млрд долларов, Lada.kz: 25 млрд долларов, Tengri: 30 млрд долларов"
            " («Инвестиции России строительство газопровода»)")  # fmt: skip
    page = (tmp_path / "archive" / "2026-02-05" / "index.html").read_text(encoding="utf-8")
    assert page.count("Figures differ:") == 1 and said in page
    markdown = (tmp_path / "archive" / "2026-02-05" / "digest.md").read_text(encoding="utf-8")
    assert "**Figures differ:**" in markdown and "Lada.kz: 25 млрд долларов" in markdown
    story = tmp_path / "archive" / "stories" / f"{pipeline['id']}.html"
    assert said in story.read_text(encoding="utf-8")
