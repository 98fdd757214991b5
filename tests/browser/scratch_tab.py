import pytest
from tests.conftest import PASSWORD
pytestmark = pytest.mark.e2e

def test_t(page, live_server, users):
    page.goto(f"{live_server}/login")
    page.fill("#username", "clerk"); page.fill("#password", PASSWORD); page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server}/staff")
    page.goto(f"{live_server}/intake/onsite")
    print("active", page.evaluate("document.activeElement.id"))
    seq = []
    for i in range(60):
        seq.append(page.evaluate("(() => {const e=document.activeElement; return e.tagName+'#'+e.id+'['+(e.type||'')+']'+(e.innerText||'').slice(0,10)})()"))
        page.keyboard.press("Tab")
    print("\n".join(seq))
