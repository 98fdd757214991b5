"""Shared steps for browser journeys: axe checks and screenshots (ux.md §8)."""

from __future__ import annotations

import json
from pathlib import Path

AXE = Path(__file__).parent / "vendor" / "axe-core-4.14.1" / "axe.min.js"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def assert_no_axe_violations(page) -> None:
    # evaluated through the DevTools protocol, which the pages' Content-Security-Policy (no inline
    # script) does not govern; add_script_tag would insert an inline <script> that it blocks
    page.evaluate("source => { (0, eval)(source); }", AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    violations = [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]
    assert not violations, json.dumps(violations, ensure_ascii=False, indent=1)


def assert_error_summary_focused(page) -> None:
    """A14: the error summary takes focus on load (set by recon.js once the page has loaded, so wait
    for it rather than read it the moment the title is there)."""
    page.wait_for_function("document.activeElement && document.activeElement.id === 'error-summary'")


def assert_no_horizontal_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
