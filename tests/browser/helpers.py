"""Shared steps for browser journeys: axe checks and screenshots (ux.md §8)."""

from __future__ import annotations

import json
import time
from pathlib import Path

from playwright.sync_api import expect

AXE = Path(__file__).parent / "vendor" / "axe-core-4.14.1" / "axe.min.js"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def assert_no_axe_violations(page) -> None:
    # measure the page as people see it: sizes (target-size) only count once every style sheet and
    # script has loaded; on a loaded CI machine a check right after goto saw unstyled links
    page.wait_for_load_state("networkidle")
    # evaluated through the DevTools protocol, which the pages' Content-Security-Policy (no inline
    # script) does not govern; add_script_tag would insert an inline <script> that it blocks
    page.evaluate("source => { (0, eval)(source); }", AXE.read_text(encoding="utf-8"))
    # resultTypes: axe still checks every rule on every node and reports every violating node; only
    # the passes, incomplete and inapplicable lists stop at one node each (building a selector for
    # each node was most of the run: 4.4 s → 0.6 s on the twelve months of /admin/calendar)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", AXE_TAGS)
    violations = [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]
    assert not violations, json.dumps(violations, ensure_ascii=False, indent=1)


def assert_error_summary_focused(page) -> None:
    """A14: the error summary takes focus on load (set by recon.js once the page has loaded, so wait
    for it rather than read it the moment the title is there)."""
    expect(page.locator("#error-summary")).to_be_focused()


def wait_for_value(page, function: str, arg=None, timeout: float = 5.0):
    """Evaluate the JavaScript `function` (of `arg`) until it returns a truthy value, or for
    `timeout` seconds; return its last value. Playwright's wait_for_function cannot run under the
    pages' Content-Security-Policy (it evaluates a string, which needs 'unsafe-eval'); each
    page.evaluate goes through the DevTools protocol, which the CSP does not govern."""
    deadline = time.monotonic() + timeout
    while not (value := page.evaluate(function, arg)) and time.monotonic() < deadline:
        page.wait_for_timeout(50)
    return value


def assert_no_horizontal_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
