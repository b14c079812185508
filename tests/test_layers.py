"""The house's shape, checked: data flows one way (ingest → kb → ui), and no module of a package
imports one that imports it back, directly or round a circle, at the top or inside a function
(TYPE_CHECKING imports count too: a circle a reader must follow is a circle)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("ingest", "kb", "ui")


def imports_of(path: Path, package: str) -> set[str]:
    """The project modules a file imports anywhere in it, as dotted names."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = f"{package}.{path.stem}" if path.stem != "__init__" else package
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: from .x import y, from . import x
                base = package if node.level == 1 else ""
                names = [f"{base}.{node.module}"] if node.module else [f"{base}.{a.name}" for a in node.names]
            else:
                names = [node.module or ""]
                names += [f"{node.module}.{a.name}" for a in node.names]
            found |= set(names)
    modules = {f"{p}.{f.stem}" for p in PACKAGES for f in (ROOT / p).glob("*.py")} | set(PACKAGES)
    return {m for m in found if m in modules and m != here}


def graph() -> dict[str, set[str]]:
    return {(f"{p}.{f.stem}" if f.stem != "__init__" else p): imports_of(f, p)
            for p in PACKAGES for f in sorted((ROOT / p).glob("*.py"))}


def test_data_flows_one_way():
    for module, imported in graph().items():
        layer = PACKAGES.index(module.split(".")[0])
        for m in imported:
            assert PACKAGES.index(m.split(".")[0]) <= layer, f"{module} imports {m}: a lower layer imports a higher"


def find_circle(g: dict[str, set[str]]) -> list[str] | None:
    """A circle of imports in the graph (module → modules it imports), or None."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done

    def visit(m: str, path: list[str]) -> list[str] | None:
        state[m] = 1
        for n in sorted(g.get(m, ())):
            if state.get(n) == 1:
                return path[path.index(n):] + [n]
            if n not in state and (circle := visit(n, path + [n])):
                return circle
        state[m] = 2
        return None

    for m in sorted(g):
        if m not in state and (circle := visit(m, [m])):
            return circle
    return None


@pytest.mark.parametrize("package", ["ingest", "kb", "ui"])
def test_no_module_imports_one_that_imports_it_back(package):
    g = {m: {i for i in deps if i.startswith(package + ".")} for m, deps in graph().items()
         if m.startswith(package + ".")}
    circle = find_circle(g)
    assert circle is None, "import circle: " + " → ".join(circle or [])


def test_the_checks_read_imports_and_see_circles():
    """Both checks can fail: the reader sees relative and function-level imports, and the circle
    finder finds a circle of three."""
    assert imports_of(ROOT / "kb" / "archive.py", "kb") >= {"kb.search", "kb.answer", "kb.catalogue"}
    assert find_circle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == ["a", "b", "c", "a"]
    assert find_circle({"a": {"b"}, "b": {"c"}, "c": set()}) is None
