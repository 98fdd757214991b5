"""Static assets (ux.md §7, S4, T5): nothing loaded from outside, vendored files match VENDOR.txt,
and the colour pairs in recon.css pass WCAG contrast (>= 4.5:1 for text)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
STATIC = ROOT / "recon" / "static"
TEMPLATES = ROOT / "templates"
VENDOR_DIRS = (STATIC / "vendor", ROOT / "tests" / "browser" / "vendor")
VENDOR_LIST = STATIC / "vendor" / "VENDOR.txt"
RECON_CSS = STATIC / "css" / "recon.css"
TEXT_SUFFIXES = {".html", ".htm", ".jinja", ".j2", ".css", ".js", ".mjs", ".svg", ".xml", ".json"}

# External *navigation* links (<a href>) that may be added on purpose (e.g. the ICP record site
# the 47号 footer points to). Nothing may ever be *loaded* from outside: no exceptions for that.
ALLOWED_EXTERNAL_LINKS: tuple[str, ...] = ()

_EXTERNAL = r"(?:https?:)?//"
_ATTR = re.compile(
    r"\b(src|href|srcset|action|formaction|poster|data|xlink:href)\s*=\s*([\"']?)\s*("
    + _EXTERNAL
    + r"[^\s\"'>]*)",
    re.IGNORECASE,
)
_CSS_URL = re.compile(r"url\(\s*[\"']?\s*(" + _EXTERNAL + r")", re.IGNORECASE)
_CSS_IMPORT = re.compile(r"@import\s+[\"'](" + _EXTERNAL + r")", re.IGNORECASE)
_JS_LOAD = re.compile(
    r"(?:\bfetch|\bimport|\bimportScripts|\.open|\bnew\s+(?:WebSocket|EventSource|Worker))\s*\(\s*"
    r"(?:[\"'`]\s*[A-Z]+[\"'`]\s*,\s*)?[\"'`](" + _EXTERNAL + r")",
    re.IGNORECASE,
)
_JS_FROM = re.compile(r"\bfrom\s+[\"'](" + _EXTERNAL + r")")


def external_references(text: str) -> list[str]:
    """Every place in `text` that loads (or links to) something from another origin."""
    found = []
    for match in _ATTR.finditer(text):
        attr, url = match.group(1).lower(), match.group(3)
        tag_start = text.rfind("<", 0, match.start())
        tag = re.match(r"<\s*([a-zA-Z0-9-]+)", text[tag_start:]) if tag_start >= 0 else None
        is_anchor = tag is not None and tag.group(1).lower() == "a"
        if attr == "href" and is_anchor and url.startswith(ALLOWED_EXTERNAL_LINKS or ("\0",)):
            continue
        found.append(match.group(0))
    for pattern in (_CSS_URL, _CSS_IMPORT, _JS_LOAD, _JS_FROM):
        found.extend(m.group(0) for m in pattern.finditer(text))
    return found


def _text_files(*roots: Path) -> list[Path]:
    return sorted(
        p
        for root in roots
        if root.exists()
        for p in root.rglob("*")
        if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES
    )


@pytest.mark.parametrize(
    "sample",
    [
        '<script src="https://cdn.example.com/x.js"></script>',
        "<link rel=stylesheet href=//fonts.example.com/css>",
        '<img SRC = "http://example.com/a.png">',
        "body { background: url('https://example.com/bg.png') }",
        '@font-face { src: url("//fonts.example.com/f.woff2") }',
        '@import "https://example.com/a.css";',
        "fetch('https://example.com/api')",
        "xhr.open('GET', 'https://example.com/upload')",
        'import x from "https://esm.example.com/x.js"',
        '<a href="https://example.com/">外部链接</a>',
    ],
)
def test_detector_catches_external_references(sample):
    assert external_references(sample)


@pytest.mark.parametrize(
    "sample",
    [
        "<link rel=stylesheet href=\"{{ url_for('static', filename='css/recon.css') }}\">",
        '<a href="#main">跳到主要内容</a>',
        "url(\"data:image/svg+xml,%3csvg xmlns='http://www.w3.org/2000/svg'%3e%3c/svg%3e\")",
        '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"></svg>',
        "cursor: url(../img/cursor-large.svg) 4 2, auto;",
        "/* Licensed under MIT (https://github.com/twbs/bootstrap/blob/main/LICENSE) */",
    ],
)
def test_detector_ignores_local_and_inline_references(sample):
    assert external_references(sample) == []


def test_no_template_or_static_file_loads_from_outside():
    files = _text_files(TEMPLATES, STATIC)
    assert files, "no templates or static files found"
    offenders = {
        str(path.relative_to(ROOT)): refs
        for path in files
        if (refs := external_references(path.read_text(encoding="utf-8", errors="replace")))
    }
    assert offenders == {}


def _vendor_entries() -> list[dict[str, str]]:
    entries = []
    for raw in VENDOR_LIST.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        fields = [field.strip() for field in line.split("|")]
        assert len(fields) == 6, f"VENDOR.txt line needs 6 fields: {line}"
        name, version, licence, source, path, sha256 = fields
        entries.append(
            dict(
                name=name, version=version, licence=licence, source=source, path=path, sha256=sha256
            )
        )
    return entries


def test_vendor_list_has_complete_lines():
    entries = _vendor_entries()
    assert entries
    for entry in entries:
        assert all(entry.values()), entry
        assert re.fullmatch(r"\d+\.\d+\.\d+", entry["version"]), entry
        assert re.fullmatch(r"[0-9a-f]{64}", entry["sha256"]), entry
        assert entry["source"].startswith(f"npm:{entry['name']}@{entry['version']}/"), entry
        assert f"{entry['name']}-{entry['version']}/" in entry["path"], entry


def test_every_vendored_file_is_listed_with_a_matching_sha256():
    listed = {entry["path"]: entry["sha256"] for entry in _vendor_entries()}
    on_disk = {
        str(path.relative_to(ROOT)): path
        for root in VENDOR_DIRS
        if root.exists()
        for path in root.rglob("*")
        if path.is_file() and path != VENDOR_LIST
    }
    assert sorted(on_disk) == sorted(listed), "VENDOR.txt and the vendored files differ"
    for rel, path in on_disk.items():
        assert hashlib.sha256(path.read_bytes()).hexdigest() == listed[rel], rel


def test_each_vendored_package_keeps_its_licence():
    for entry in _vendor_entries():
        package_dir = next(
            parent
            for parent in (ROOT / entry["path"]).parents
            if parent.name == f"{entry['name']}-{entry['version']}"
        )
        assert (package_dir / "LICENSE").is_file(), package_dir


# ---------- S4 contrast ----------


def _luminance(hex_colour: str) -> float:
    value = hex_colour.lstrip("#")
    if len(value) == 3:
        value = "".join(ch * 2 for ch in value)
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: str, background: str) -> float:
    """WCAG 2.x contrast ratio of two #rgb / #rrggbb colours."""
    light, dark = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_function_matches_known_values():
    assert contrast("#000", "#fff") == pytest.approx(21.0)
    assert contrast("#0d6efd", "#fff") == pytest.approx(4.50, abs=0.01)  # why S4 changes primary
    assert contrast("#0a58ca", "#fff") == pytest.approx(6.44, abs=0.01)
    assert contrast("#ffc107", "#fff") < 2  # text-warning: never used


# Pairs the rules below do not spell out in one block: variables and text on the page background.
PAIRS = [
    ("#0a58ca", "#fff", "primary / link colour on white"),
    ("#084298", "#fff", "link hover on white"),
    ("#fff", "#0a58ca", "white on .btn-primary"),
    ("#fff", "#084298", "white on .btn-primary:hover"),
    ("#fff", "#06357a", "white on .btn-primary:active"),
    ("#b02a37", "#fff", "error text and invalid fields on white"),
    ("#fff", "#b02a37", "white on the overdue badge"),
    ("#664d03", "#fff", ".text-warning replacement on white"),
    ("#055160", "#fff", ".text-info replacement on white"),
    ("#495057", "#fff", "pending steps, 未填写 on white"),
    ("#58151c", "#f8d7da", "alert-danger text (error summary)"),
    ("#000", "#fff3cd", "skip link"),
]
NON_TEXT_PAIRS = [
    ("#0a58ca", "#fff", "focus ring on white"),
    ("#0a58ca", "#f8f9fa", "focus ring on light grey"),
]

_HEX = r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b"


def _css_rules(css: str) -> list[tuple[str, dict[str, str]]]:
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    rules = []
    for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        declarations = {}
        for declaration in body.split(";"):
            if ":" in declaration:
                prop, value = declaration.split(":", 1)
                declarations[prop.strip().lower()] = value.strip()
        rules.append((" ".join(selector.split()), declarations))
    return rules


def _colour_pairs_in_css() -> list[tuple[str, str, str]]:
    pairs = []
    for selector, decls in _css_rules(RECON_CSS.read_text(encoding="utf-8")):
        fg = re.fullmatch(_HEX, decls.get("color", "").replace("!important", "").strip())
        bg_value = decls.get("background-color", decls.get("background", ""))
        bg = re.fullmatch(_HEX, bg_value.replace("!important", "").strip())
        if fg:
            pairs.append((fg.group(), bg.group() if bg else "#fff", selector))
    return pairs


def test_recon_css_declares_the_badge_and_tag_pairs():
    selectors = {selector for _, _, selector in _colour_pairs_in_css()}
    for tone in ("overdue", "today", "soon", "normal", "paused"):
        assert f".deadline-{tone}" in selectors
    for tone in ("neutral", "primary", "info", "success", "warning", "danger"):
        assert f".status-{tone}" in selectors


@pytest.mark.parametrize(
    ("foreground", "background", "where"),
    [
        pytest.param(*pair, id=f"{pair[2]}: {pair[0]} on {pair[1]}")
        for pair in PAIRS + _colour_pairs_in_css()
    ],
)
def test_text_colour_pairs_reach_4_5_to_1(foreground, background, where):
    assert contrast(foreground, background) >= 4.5, where


@pytest.mark.parametrize(("foreground", "background", "where"), NON_TEXT_PAIRS)
def test_focus_ring_reaches_3_to_1(foreground, background, where):
    assert contrast(foreground, background) >= 3.0, where


def test_recon_css_rules_of_ux_md():
    css = RECON_CSS.read_text(encoding="utf-8")
    flat = re.sub(r"\s+", " ", css)
    # S2 font stack in both Bootstrap variables, rem-based body size, line height 1.6.
    assert '--bs-font-sans-serif: "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC"' in flat
    assert "--bs-body-font-family: var(--bs-font-sans-serif)" in flat
    assert "--bs-body-line-height: 1.6" in flat
    # S4 primary and link colour; S5 focus ring and never outline: none.
    assert "--bs-primary: #0a58ca" in flat and "--bs-link-color: #0a58ca" in flat
    assert ":focus-visible { outline: 3px solid #0a58ca !important; outline-offset: 2px" in flat
    assert not re.search(r"outline\s*:\s*(none|0)\b", css)
    # S3 text sizes and elder layout; no webfont download.
    for scale in (
        '[data-fontscale="large"]',
        '[data-fontscale="xlarge"]',
        '[data-contrast="high"]',
    ):
        assert scale in css
    assert "cursor-large.svg" in css and (STATIC / "img" / "cursor-large.svg").is_file()
    assert "@font-face" not in css
    # Sizes in rem, no px font sizes.
    assert not re.search(r"font-size\s*:\s*[\d.]+px", css)


def test_print_css_follows_h8():
    css = re.sub(r"\s+", " ", (STATIC / "css" / "print.css").read_text(encoding="utf-8"))
    assert "@page { size: A4; margin: 15mm; }" in css
    assert ".no-print" in css and "nav," in css and "break-inside: avoid" in css
    assert "color: #000 !important" in css
