"""Import rules of design.md §3, checked by reading the source."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "recon"
STDLIB = set(sys.stdlib_module_names) | {"__future__"}

PURE_MODULES = [
    "recon/clock.py",
    "recon/i18n.py",
    "recon/masking.py",
    "recon/formatting.py",
    "recon/validation.py",
    "recon/deadlines/calendar.py",
    "recon/deadlines/rules.py",
    "recon/deadlines/engine.py",
    "recon/documents/numbering.py",
    "recon/stats/annual_pdf.py",
]
PURE_PACKAGES = ["recon/documents/pdf"]
PURE_THIRD_PARTY = {"babel", "chinese_calendar", "reportlab", "segno", "jinja2", "zoneinfo", "stdnum"}
WEB_NAMES = {"request", "session", "current_user", "g", "redirect", "render_template", "url_for"}


def _imports(path: Path) -> list[tuple[str, set[str]]]:
    """(module, imported names) for every import in the file, relative imports resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    rel = path.relative_to(ROOT).with_suffix("")
    package = list(rel.parts[:-1])
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((alias.name, set()) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found.append((module, {alias.name for alias in node.names}))
    return found


def _files(*patterns: str) -> list[Path]:
    out: list[Path] = []
    for pattern in patterns:
        out.extend(sorted(PACKAGE.glob(pattern)))
    return [p for p in out if p.is_file()]


def _pure_files() -> list[Path]:
    files = [ROOT / m for m in PURE_MODULES if (ROOT / m).exists()]
    for pkg in PURE_PACKAGES:
        files.extend(sorted((ROOT / pkg).rglob("*.py")))
    return files


def test_there_is_something_to_check():
    assert len(_pure_files()) >= 3
    assert _files("*/services.py")


@pytest.mark.parametrize("path", _pure_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_pure_core_imports_only_stdlib_and_allowed_libraries(path):
    own = {str(p.relative_to(ROOT).with_suffix("")).replace("/", ".") for p in _pure_files()}
    own |= {m.rsplit(".", 1)[0] for m in own}
    for module, _names in _imports(path):
        top = module.split(".")[0]
        if top in STDLIB or top in PURE_THIRD_PARTY:
            continue
        assert module in own or any(module.startswith(o + ".") for o in own), (
            f"{path.relative_to(ROOT)} is pure but imports {module}")


SERVICE_FILES = ("*/services.py", "*/services/*.py", "*/sweep.py", "intake/drafts.py", "intake/cleanup.py",
                 "deadlines/lifecycle.py", "deadlines/calendar_edits.py",
                 "deadlines/calendar_store.py", "deadlines/display.py")


@pytest.mark.parametrize("path", _files(*SERVICE_FILES), ids=lambda p: str(p.relative_to(ROOT)))
def test_services_know_nothing_of_the_web(path):
    for module, names in _imports(path):
        assert not module.endswith(".views") and ".views." not in module, f"{path} imports {module}"
        assert not module.startswith(("recon.portal", "recon.api")), f"{path} imports delivery {module}"
        assert not module.endswith(".forms"), f"{path} imports forms {module}"
        assert module != "flask_login", f"{path} imports flask_login"
        if module == "flask":
            assert not names & WEB_NAMES, f"{path} uses {names & WEB_NAMES} from flask"


@pytest.mark.parametrize("path", _files("*/views.py", "*/api.py", "api/*.py"),
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_views_never_import_another_features_views(path):
    feature = path.relative_to(PACKAGE).parts[0]
    for module, _names in _imports(path):
        parts = module.split(".")
        if parts[0] == "recon" and len(parts) >= 3 and parts[-1] in {"views", "api"}:
            assert parts[1] == feature, f"{path.relative_to(ROOT)} imports {module}"


@pytest.mark.parametrize("path", _files("deadlines/**/*.py"), ids=lambda p: str(p.relative_to(ROOT)))
def test_deadlines_never_import_cases(path):
    for module, _names in _imports(path):
        assert not module.startswith(("recon.cases", "recon.intake", "recon.mediation")), (
            f"{path.relative_to(ROOT)} imports {module}")


@pytest.mark.parametrize("path", _files("documents/**/*.py"), ids=lambda p: str(p.relative_to(ROOT)))
def test_documents_read_other_models_through_contexts_only(path):
    if path.name == "contexts.py":
        return
    for module, _names in _imports(path):
        assert not module.startswith(("recon.cases", "recon.intake", "recon.mediation")), (
            f"{path.relative_to(ROOT)} imports {module}; go through documents/contexts.py")


def test_only_clock_reads_the_wall_clock():
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if path.name == "clock.py" and path.parent == PACKAGE:
            continue
        source = path.read_text(encoding="utf-8")
        for needle in ("datetime.now(", "datetime.utcnow(", "date.today(", "time.time("):
            if needle in source:
                offenders.append(f"{path.relative_to(ROOT)}: {needle}")
    assert not offenders, offenders



def test_only_the_timeline_writes_case_events():
    """``recon.cases.timeline.add_event`` is the one way to write a timeline entry (issue 11)."""
    offenders = [str(path.relative_to(ROOT)) for path in PACKAGE.rglob("*.py")
                 if path != PACKAGE / "cases" / "timeline.py" and "CaseEvent(" in path.read_text(encoding="utf-8")
                 and path != PACKAGE / "cases" / "models.py"]
    assert not offenders, offenders


# ---- the module graph: indirect imports and package cycles ------------------------------------


def _module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _graph() -> dict[str, set[str]]:
    """recon module → the recon modules it imports (at the top or inside a function)."""
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        targets = set()
        for module, names in _imports(path):
            if not module.startswith("recon"):
                continue
            submodules = {f"{module}.{n}" for n in names} & modules.keys()
            targets |= submodules  # `from recon.cases import models` names a module
            if module in modules and (len(submodules) < len(names) or not names):
                targets.add(module)
        # the app factory (recon/__init__.py) is delivery: importing a sibling through it is not
        # a dependency on everything it registers
        graph[name] = targets - {name, "recon"}
    return graph


GRAPH = _graph()


def _reachable(start: str) -> set[str]:
    seen: set[str] = set()
    todo = [start]
    while todo:
        for nxt in GRAPH.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


@pytest.mark.parametrize("path", _pure_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_pure_core_stays_pure_through_every_module_it_reaches(path):
    pure = {_module_name(p) for p in _pure_files()} | {"recon"}
    impure = sorted(m for m in _reachable(_module_name(path)) if m not in pure)
    assert not impure, f"{path.relative_to(ROOT)} reaches {impure}"


@pytest.mark.parametrize("path", _files("deadlines/**/*.py"), ids=lambda p: str(p.relative_to(ROOT)))
def test_deadlines_never_reach_cases(path):
    if path.name in {"views.py", "cli.py"}:
        return  # delivery may show a case; the deadline rules never depend on one
    reached = sorted(m for m in _reachable(_module_name(path))
                     if m.startswith(("recon.cases", "recon.intake", "recon.mediation")))
    assert not reached, f"{path.relative_to(ROOT)} reaches {reached}"


@pytest.mark.parametrize("path", _files("*/forms.py", "*/forms/*.py"),
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_forms_never_import_services(path):
    for module, names in _imports(path):
        assert "services" not in module.split(".") and "services" not in names, (
            f"{path.relative_to(ROOT)} imports {module} {sorted(names)}")


@pytest.mark.parametrize("path", _files(*SERVICE_FILES), ids=lambda p: str(p.relative_to(ROOT)))
def test_domain_code_never_builds_urls_or_reads_the_request(path):
    for module, names in _imports(path):
        if module.startswith("flask"):
            assert not names & {"url_for", "request"}, f"{path.relative_to(ROOT)} imports {names}"


DELIVERY = {"views", "api", "cli", "forms", "serializers"}  # serializers: the API's JSON bodies
#: Data definitions every feature may read (design.md §3: documents reads other features' models
#: through contexts.py; statuses and labels are values, not behaviour).
SHARED_DATA = {"models", "status"}


def _package(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 else None


def test_packages_form_no_import_cycle():
    """Feature packages import each other's behaviour in one direction only. Delivery modules
    are set aside (a view may show another feature's data; design.md §3 puts delivery on top), and
    so are reads of another feature's models and status values (shared data)."""
    edges: dict[str, set[str]] = {}
    for module, targets in GRAPH.items():
        source = _package(module)
        if source is None or module.split(".")[-1] in DELIVERY or ".api." in module + ".":
            continue
        for target in targets:
            if target.split(".")[-1] in SHARED_DATA:
                continue
            pkg = _package(target)
            if pkg and pkg != source:
                edges.setdefault(source, set()).add(pkg)
    cycles = []
    for a, targets in edges.items():
        for b in targets:
            if a < b and a in edges.get(b, set()) | {
                    p for p in edges.get(b, set()) if a in _package_closure(edges, p)}:
                cycles.append(f"{a} ↔ {b}")
    assert not cycles, cycles


def _package_closure(edges: dict[str, set[str]], start: str) -> set[str]:
    seen: set[str] = set()
    todo = [start]
    while todo:
        for nxt in edges.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen | {start}
