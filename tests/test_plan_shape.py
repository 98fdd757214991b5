"""Plan shapes of the long lists on PostgreSQL (issue 17): with a few thousand cases seeded the way
bench/scale.py seeds them and ``enable_seqscan = off``, every statement the worklist, the audit log,
the API list and the staff home run is EXPLAINed; a sequential scan of ``case``, ``deadline`` or
``audit_entry`` left in a plan means no index can serve that query, and at a million cases it
reads the whole table. The page query of each list walked in its index's order (worklist 「在办」,
「全部」 and each status, API list unfiltered or at a deep ``page=``, audit log unfiltered or by actor or
action) must have no Sort either: sorting means
every matching row is read to show fifty. Skipped on SQLite."""

import json
import re
from datetime import timedelta
from html import unescape

import pytest
import sqlalchemy as sa

from recon.extensions import db
from tests.conftest import PASSWORD, PG_URL, login

pytestmark = pytest.mark.skipif(not PG_URL, reason="plan shapes are PostgreSQL's (TEST_DATABASE_URL)")

GUARDED = {"case", "deadline", "audit_entry"}
CASES = 3000


@pytest.fixture
def seeded(app, users):
    from bench.scale import TODAY, seed_chunk

    handler = users["handler"].id
    with db.engine.begin() as conn:
        seed_chunk(conn, 1, CASES, handler, 1, json.dumps({}))
        conn.execute(sa.text("SELECT setval(pg_get_serial_sequence('\"case\"', 'id'), :n)"), {"n": CASES})
        # half the cases are the logged-in supervisor's own, so that 「我的案件」 has a page to read
        conn.execute(sa.text('UPDATE "case" SET handler_id = :me WHERE id % 2 = 0'), {"me": users["supervisor"].id})
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text("VACUUM ANALYZE"))  # as autovacuum leaves a table: index-only scans possible
    return TODAY


#: Nodes that pass rows on as they come: a scan below them stops when the Limit above has enough.
STREAMING = {"Limit", "Subquery Scan", "Result"}


def _bad_nodes(plan, no_sort: bool, limited: bool = False) -> list[str]:
    """Sequential scans of a guarded table (unless a Limit directly above stops it: the bounded
    count of 「全部」 reads at most 10,001 rows in any order) and, with ``no_sort``, sorts."""
    found = []
    kind = plan.get("Node Type")
    if kind == "Seq Scan" and plan.get("Relation Name") in GUARDED and not limited:
        found.append("Seq Scan on " + plan["Relation Name"])
    if no_sort and kind in ("Sort", "Incremental Sort"):
        found.append("Sort")
    limited = kind == "Limit" or (limited and kind in STREAMING)
    for child in plan.get("Plans", ()):
        found += _bad_nodes(child, no_sort, limited and child.get("Parent Relationship") != "SubPlan")
    return found


class Recorder:
    def __init__(self):
        self.statements = []
        self.ordered = False  # the requests being recorded must read their page in index order

    def __call__(self, conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("SELECT") and not executemany:
            page_query = "ORDER BY" in statement and "LIMIT" in statement
            self.statements.append((statement, parameters, self.ordered and page_query))


def _explain_all(statements) -> dict[str, list[str]]:
    bad = {}
    with db.engine.connect() as conn:
        conn.exec_driver_sql("SET enable_seqscan = off")
        for statement, parameters, no_sort in statements:
            plan = conn.exec_driver_sql("EXPLAIN (FORMAT JSON) " + statement, parameters).scalar()
            plan = plan if isinstance(plan, list) else json.loads(plan)
            nodes = _bad_nodes(plan[0]["Plan"], no_sort)
            if nodes:
                bad[statement] = nodes
        conn.rollback()
    return bad


def _next(html):
    link = re.search(r'<a href="([^"]+)" rel="next">', html)
    return unescape(link.group(1)) if link else None


def test_lists_use_indexes(app, users, client, seeded):
    today = seeded
    login(client, "supervisor")
    token = client.post("/api/v1/auth/token", json={"username": "supervisor", "password": PASSWORD})
    assert token.status_code == 200
    headers = {"Authorization": f"Bearer {token.get_json()['token']}"}
    recorder = Recorder()
    sa.event.listen(db.engine, "before_cursor_execute", recorder)
    try:
        recorder.ordered = True
        first = client.get("/cases/").get_data(as_text=True)
        assert "合府复" in first and _next(first)
        recorder.ordered = True
        everything = client.get("/cases/?status=all").get_data(as_text=True)  # 「全部」
        closed = client.get("/cases/?status=closed").get_data(as_text=True)
        assert "合府复" in everything and _next(everything) and "合府复" in closed and _next(closed)
        for path in (_next(first), _next(everything), _next(closed), "/cases/?status=accepted",
                     "/cases/?status=refused", "/cases/?status=open&mine=1",
                     "/audit/", "/audit/?actor=bench_handler3", "/audit/?action=user.login"):
            page = client.get(path)
            assert page.status_code == 200, path
        recorder.ordered = False  # one case's entries, or a date range: a bounded set, sorted
        for path in ("/audit/?case=" + re.search(r"合府复〔\d+〕\d+号", first).group(0),
                     f"/audit/?date_from={today - timedelta(days=30)}&date_to={today}", "/staff"):
            assert client.get(path).status_code == 200, path
        recorder.ordered = True
        audit = client.get("/audit/").get_data(as_text=True)
        assert client.get(_next(audit)).status_code == 200
        recorder.ordered = False  # page= (OFFSET): the page's 50 rows are sorted after the join
        assert client.get("/api/v1/cases?page=50", headers=headers).get_json()["items"]
        for path in ("/api/v1/cases", f"/api/v1/cases?due_before={today + timedelta(days=3)}"):
            # due_before: the planner may read the few cases due through ix_case_next_due_on and sort
            recorder.ordered = "due_before" not in path
            body = client.get(path, headers=headers).get_json()
            assert body["items"], path
            client.get(path + ("&" if "?" in path else "?") + "cursor=" + body["next_cursor"], headers=headers)
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", recorder)
    assert len(recorder.statements) > 20
    bad = _explain_all(recorder.statements)
    assert not bad, "\n".join(f"{nodes}: {sql[sql.index('FROM'):][:400]}" for sql, nodes in bad.items())


def _nodes(plan):
    yield plan
    for child in plan.get("Plans", ()):
        yield from _nodes(child)


def test_deep_page_number_skips_rows_in_the_index(app, users, client, seeded):
    """``GET /api/v1/cases?page=N`` (OFFSET): the skipped rows are counted in the index of
    ``(received_on, id)`` alone (an index-only scan under the Limit), never fetched from the table,
    and only the page's rows are loaded (README "Scale")."""
    token = client.post("/api/v1/auth/token", json={"username": "supervisor", "password": PASSWORD})
    headers = {"Authorization": f"Bearer {token.get_json()['token']}"}
    recorder = Recorder()
    sa.event.listen(db.engine, "before_cursor_execute", recorder)
    try:
        deep = client.get("/api/v1/cases?per_page=50&page=50", headers=headers).get_json()
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", recorder)
    assert len(deep["items"]) == 50 and deep["page"] == 50
    (statement, parameters, _), = [r for r in recorder.statements if "OFFSET" in r[0]]
    with db.engine.connect() as conn:  # a few thousand rows: scanning and sorting them all would win
        conn.exec_driver_sql("SET enable_seqscan = off; SET enable_bitmapscan = off; SET enable_sort = off")
        plan = conn.exec_driver_sql("EXPLAIN (ANALYZE, FORMAT JSON) " + statement, parameters).scalar()
        conn.rollback()
    plan = plan if isinstance(plan, list) else json.loads(plan)
    nodes = list(_nodes(plan[0]["Plan"]))
    offset_scan = [n for n in nodes if n.get("Relation Name") == "case" and n["Actual Rows"] >= 2450]
    assert offset_scan and all(n["Node Type"] == "Index Only Scan" for n in offset_scan), [
        (n["Node Type"], n.get("Index Name"), n["Actual Rows"]) for n in nodes if n.get("Relation Name")]
    fetched = [n for n in nodes if n.get("Relation Name") == "case" and n["Node Type"] != "Index Only Scan"]
    assert fetched and all(n["Actual Rows"] * n.get("Actual Loops", 1) <= 51 for n in fetched)


def test_one_status_is_read_through_its_own_index(app, users, client, seeded):
    """已结案 (every closed case sorts last, having no running deadline): the page reads the closed
    cases in order from ``ix_case_worklist_status``, not 「全部」's index past every open case."""
    login(client, "supervisor")
    recorder = Recorder()
    sa.event.listen(db.engine, "before_cursor_execute", recorder)
    try:
        page = client.get("/cases/?status=closed").get_data(as_text=True)
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", recorder)
    assert "已结案" in page and _next(page)
    (statement, parameters, _), = [r for r in recorder.statements
                                   if "ORDER BY" in r[0] and "LIMIT" in r[0] and "due_key" in r[0]]
    with db.engine.connect() as conn:
        plan = conn.exec_driver_sql("EXPLAIN (ANALYZE, FORMAT JSON) " + statement, parameters).scalar()
    plan = plan if isinstance(plan, list) else json.loads(plan)
    scans = [(n["Node Type"], n.get("Index Name"), n["Actual Rows"]) for n in _nodes(plan[0]["Plan"])
             if n.get("Relation Name") == "case"]
    assert scans == [("Index Scan", "ix_case_worklist_status", 51)], scans
