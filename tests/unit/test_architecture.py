"""The shape of the house, read from the imports (docs/ARCHITECTURE.md draws it):

- no stage (collect, cluster, translate, render, deliver) imports another stage;
- stages import only the foundations (models, errors, config, text, store, log, lock);
- the house is at most 7 floors deep, counting `python -m digest`, the benchmarks (`bench/`)
  and the grouping lab (`lab/`), which stand on top of the package and never under it;
- no SQL outside the store.
"""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "digest"
STAGES = {"collect", "cluster", "translate", "render", "deliver"}
FOUNDATIONS = {"models", "errors", "config", "settings", "text", "store", "log", "lock"}
MAX_FLOORS = 7


def _unit(path: Path) -> str:
    """The room a module belongs to: its subpackage, or its own name at the top level."""
    if path.parent in (ROOT / "bench", ROOT / "lab"):
        return path.parent.name
    rel = path.relative_to(PACKAGE)
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem


def _imports(path: Path) -> set[str]:
    """The digest rooms a module imports (anywhere in it, lazily included)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "digest" and len(parts) > 1:
                room = parts[1]
                if (PACKAGE / room).is_dir() or (PACKAGE / f"{room}.py").is_file():
                    found.add(room)
    return found


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    files = [p for p in PACKAGE.rglob("*.py") if p.name != "__init__.py" or p.parent != PACKAGE]
    for path in [*files, *(ROOT / "bench").glob("*.py"), *(ROOT / "lab").glob("*.py")]:
        unit = _unit(path)
        graph.setdefault(unit, set()).update(_imports(path) - {unit})
    return graph


def test_no_stage_imports_another_and_stages_stand_on_foundations() -> None:
    graph = _graph()
    for stage in STAGES:
        assert graph[stage] <= FOUNDATIONS, f"{stage} imports {sorted(graph[stage] - FOUNDATIONS)}"
    for foundation in FOUNDATIONS:
        above = graph.get(foundation, set()) - FOUNDATIONS
        assert not above, f"foundation {foundation} imports {sorted(above)}"


def test_the_house_is_at_most_seven_floors() -> None:
    graph = _graph()

    @cache
    def floor(unit: str) -> int:
        return 1 + max((floor(u) for u in graph.get(unit, ())), default=0)

    floors = {unit: floor(unit) for unit in graph}
    assert max(floors.values()) <= MAX_FLOORS, sorted(floors.items(), key=lambda kv: -kv[1])
    assert all(floors[s] == 3 for s in STAGES), floors  # side by side, on the foundations


def test_the_package_never_imports_the_benchmarks_or_the_lab() -> None:
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                assert node.module.split(".")[0] not in ("bench", "lab"), f"{path}: {node.module}"
            elif isinstance(node, ast.Import):
                assert not {a.name.split(".")[0] for a in node.names} & {"bench", "lab"}, path


def test_no_sql_outside_the_store() -> None:
    sql = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE)\b[^\"]*\b(FROM|INTO|SET)\b")
    for path in PACKAGE.rglob("*.py"):
        if path.parent.name == "store":
            continue
        assert not sql.search(path.read_text(encoding="utf-8")), f"SQL in {path}"
