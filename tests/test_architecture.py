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
    "recon/deadlines/calendar.py",
    "recon/deadlines/rules.py",
    "recon/deadlines/engine.py",
    "recon/documents/numbering.py",
    "recon/stats/annual_pdf.py",
]
PURE_PACKAGES = ["recon/documents/pdf"]
PURE_THIRD_PARTY = {"babel", "chinese_calendar", "reportlab", "segno", "jinja2", "zoneinfo"}
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


SERVICE_FILES = ("*/services.py", "*/services/*.py", "*/sweep.py", "intake/drafts.py", "intake/cleanup.py")


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
