import json, re
import pytest
from recon.extensions import db
from tests.browser.helpers import AXE, AXE_TAGS
from tests.conftest import FIXED_NOW, PASSWORD
from tests.intake.factories import payload

pytestmark = pytest.mark.e2e

@pytest.fixture
def cases(app, users):
    from recon.intake import services as intake
    from recon.intake.forms import ApplicationForm
    from recon.intake.settings import intake_settings
    from recon.storage import Storage
    out = []
    from tests.intake.factories import AGENT_ID
    for ch, actor, extra in (("online", "applicant", {}), ("postal", "clerk", {"applicant__id_number": AGENT_ID, "applicant__phone": "13912345678", "applicant__name": "李四"})):
        form = ApplicationForm(data=payload(ch, **extra), today=FIXED_NOW.date())
        assert form.validate(), form.errors
        r = intake.register_application(db.session, form.data, users[actor], FIXED_NOW,
                                        storage=Storage(app.config["STORAGE_DIR"]), settings=intake_settings(app.config))
        db.session.commit()
        out.append(r.case)
    return out

def axe(page):
    page.add_script_tag(path=str(AXE))
    r = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    return [{"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]} for v in r["violations"]]

def login(page, base, who):
    page.context.clear_cookies()
    page.goto(f"{base}/login")
    page.fill("#username", who); page.fill("#password", PASSWORD); page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/staff")

def info(page):
    return page.evaluate("""() => ({lang: document.documentElement.lang, h1: [...document.querySelectorAll('h1')].map(h=>h.innerText), title: document.title,
      active: document.activeElement && (document.activeElement.tagName + '#' + document.activeElement.id),
      ids: (document.body.innerText.match(/\\d{17}[\\dXx]|1\\d{10}/g)||[]), hscroll: document.documentElement.scrollWidth > innerWidth})""")

def test_explore(page, live_server, cases):
    out = {}
    b = live_server
    def visit(key, url=None):
        if url: page.goto(b + url)
        out[key] = {"info": info(page), "axe": axe(page)}
    login(page, b, "clerk")
    visit("onsite", "/intake/onsite")
    visit("postal", "/intake/postal")
    page.click("main button[type=submit] >> nth=-1"); page.wait_for_load_state()
    visit("postal-err")
    visit("case", f"/cases/{cases[0].id}")
    visit("cases", "/cases/")
    visit("calc", "/deadlines/calculator")
    page.fill("#start", "2026-11-20"); page.click("main button[type=submit] >> nth=-1"); page.wait_for_load_state()
    visit("calc-result")
    login(page, b, "supervisor")
    visit("board", "/deadlines/")
    visit("audit", "/audit/")
    login(page, b, "admin")
    visit("calendar", "/admin/calendar")
    visit("templates", "/admin/templates")
    visit("users", "/admin/users")
    visit("audit-admin", "/audit/")
    page.context.clear_cookies()
    visit("verify", "/verify")
    visit("lookup", "/lookup")
    page.context.add_cookies([{"name": "fontscale", "value": "xlarge", "url": b}])
    visit("guide-xl", "/guide")
    page.set_viewport_size({"width": 320, "height": 780})
    visit("guide-xl-320", "/guide")
    visit("login-xl-320", "/login")
    page.context.clear_cookies()
    visit("login-320", "/login")
    visit("guide-320", "/guide")
    print(json.dumps(out, ensure_ascii=False, indent=1))
