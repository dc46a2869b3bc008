"""The house plan's rules that a reader of the tree can check: rooms by area, no import cycles, services never
commit, workflows/ and reports/ free of Flask and the database (DESIGN.md's doors 2, 3 and 6)."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("app", "workflows", "reports")


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for folder in PACKAGES for p in (ROOT / folder).rglob("*.py")}


def imports_of(path: Path, known: dict[str, Path]) -> set[str]:
    """Modules of ours that `path` imports, at module level or inside functions."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                target = f"{node.module}.{alias.name}"
                found.add(target if target in known else node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {m for m in found if m in known}


def test_no_two_modules_import_each_other_and_no_cycles():
    known = modules()
    graph = {name: imports_of(path, known) - {name} for name, path in known.items()}
    visiting, done, cycles = [], set(), []

    def visit(name: str) -> None:
        if name in done:
            return
        if name in visiting:
            cycles.append(visiting[visiting.index(name):] + [name])
            return
        visiting.append(name)
        for target in sorted(graph[name]):
            visit(target)
        visiting.pop()
        done.add(name)

    for name in sorted(graph):
        visit(name)
    assert cycles == []


def test_app_keeps_few_loose_modules_and_small_folders():
    loose = sorted(p.name for p in (ROOT / "app").glob("*.py"))
    assert len(loose) <= 5, loose
    for folder in [ROOT / "app", *(p for p in (ROOT / "app").rglob("*") if p.is_dir())]:
        if folder.name == "__pycache__":
            continue
        count = len([p for p in folder.glob("*.py") if p.name != "__init__.py"])
        assert count <= 12, (str(folder.relative_to(ROOT)), count)


def test_services_flush_and_never_commit():
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "app" / "services").rglob("*.py")
                 if ".commit()" in p.read_text(encoding="utf-8")]
    assert offenders == []


def test_workflows_and_reports_know_nothing_of_flask_or_the_database():
    for folder in ("workflows", "reports"):
        for path in (ROOT / folder).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            names = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
            names |= {n.module.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
            assert not names & {"flask", "flask_sqlalchemy", "sqlalchemy", "app"}, path


def _room(module: str) -> str | None:
    """The blueprint room a module belongs to (app.blueprints.intake.meetings -> intake), None outside the rooms."""
    parts = module.split(".")
    return parts[2] if len(parts) > 2 and parts[:2] == ["app", "blueprints"] else None


def test_no_blueprint_imports_another_blueprint():
    # What two rooms share lives in app/web (forms of the lifecycle's actions, loaders) or in a read model; only
    # blueprints/__init__.py, which registers every room, imports them all.
    known = modules()
    crossings = [(name, target) for name, path in known.items() if _room(name)
                 for target in imports_of(path, known) if _room(target) and _room(target) != _room(name)]
    assert crossings == []
