import json
import pytest
pytestmark = pytest.mark.e2e

JS = """() => [...document.querySelectorAll('a, button, input, select, textarea, label, summary')].filter(e => {
  const r = e.getBoundingClientRect(); const s = getComputedStyle(e);
  return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && e.type !== 'hidden';
}).map(e => { const r = e.getBoundingClientRect();
  return {tag: e.tagName, text: (e.innerText || e.value || e.id || '').slice(0, 20), cls: e.className, w: Math.round(r.width*10)/10, h: Math.round(r.height*10)/10,
          inMain: !!e.closest('main'), where: e.closest('header') ? 'header' : e.closest('footer') ? 'footer' : e.closest('main') ? 'main' : '?', inline: getComputedStyle(e).display}; })"""

def test_t(page, live_server, users):
    for scale in ("standard", "xlarge"):
        page.context.clear_cookies()
        if scale != "standard":
            page.context.add_cookies([{"name": "fontscale", "value": scale, "url": live_server}])
        for w in (320, 1366):
            page.set_viewport_size({"width": w, "height": 780})
            for url in ("/guide", "/login"):
                page.goto(live_server + url)
                m = 60 if scale != "standard" else 44; small = [t for t in page.evaluate(JS) if t["h"] < m or t["w"] < m]
                print(scale, w, url, page.evaluate("document.documentElement.scrollWidth"), json.dumps(small, ensure_ascii=False))
