"""Benchmark of the staff pages, the API list and the sweep at province scale (issue 17).

    python bench/scale.py [--cases 100000] [--requests 30] [--database-url URL] [--keep]

Seeds N realistic cases on PostgreSQL (a throwaway cluster unless --database-url is given): two
parties each, 2–4 deadlines (about 1% of the open ones due before the bench's day, those inside the
reminder window already reminded by "yesterday's" sweep, as in a running system), three timeline
events and ten audit entries each, all with ``INSERT … SELECT`` from ``generate_series`` (the
whole million in a few minutes). Then serves the app with ``gunicorn -w 2`` on 127.0.0.1, next to
a bare Flask + psycopg endpoint that selects the same 50 rows a page shows, and prints p50/p95
over ``--requests`` requests of each page, the workers' memory before and after, and the time of
one sweep with 1% due and of a no-op sweep. Figures are printed, never asserted (the targets of
issue 17: pages p95 < 100 ms and within 10x of bare, sweep < 5 s, no-op sweep < 100 ms).
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

from recon import create_app  # noqa: E402
from recon.extensions import db  # noqa: E402

TODAY = date(2026, 11, 27)  # the bench's "today" (a Friday): deadlines due before it are overdue
NOW = datetime.combine(TODAY, dtime(10, 0), tzinfo=UTC)
PASSWORD = "bench-pass-2026"
HANDLERS = 40
RESPONDENTS = ["公安分局", "市场监督管理局", "自然资源局", "人力资源和社会保障局", "住房和城乡建设局",
               "生态环境分局", "城市管理综合行政执法局", "卫生健康委员会", "交通运输局", "税务局"]


# ---- the database ----------------------------------------------------------------------------------


def throwaway_cluster() -> tuple[str, str]:
    env = dict(os.environ, PGPORT=os.environ.get("BENCH_PGPORT", "55433"))
    out = subprocess.run([str(ROOT / "scripts" / "pg-throwaway.sh")], env=env, check=True,
                         capture_output=True, text=True).stdout
    values = dict(line.split("=", 1) for line in out.split())
    return values["PGDATA"], values["DATABASE_URL"]


def _filler(table: sa.Table, given: set[str]) -> dict[str, str]:
    """SQL for the NOT NULL columns a seed statement does not name, from the model's defaults,
    so that the seed keeps working as the schema grows."""
    out = {}
    for column in table.columns:
        if column.name in given or column.nullable or column.primary_key:
            continue
        if column.server_default is not None:
            continue
        default = column.default.arg if column.default is not None else None
        if column.name == "version_id":
            out[column.name] = "1"
        elif callable(default):
            out[column.name] = "now()"
        elif isinstance(default, bool):
            out[column.name] = "true" if default else "false"
        elif isinstance(default, int | float):
            out[column.name] = str(default)
        elif isinstance(default, str):
            out[column.name] = "'" + default.replace("'", "''") + "'"
        elif isinstance(column.type, sa.JSON):
            out[column.name] = "'[]'"
        else:
            raise SystemExit(f"bench/scale.py: no seed value for {table.name}.{column.name}")
    return out


def insert_select(conn, table_name: str, columns: dict[str, str], source: str) -> None:
    table = db.metadata.tables[table_name]
    columns = {**columns, **_filler(table, set(columns))}
    names = ", ".join(f'"{c}"' for c in columns)
    exprs = ", ".join(columns.values())
    conn.execute(sa.text(f'INSERT INTO "{table_name}" ({names}) SELECT {exprs} FROM {source}'))


def seed(url: str, cases: int) -> None:
    from flask_migrate import upgrade

    from recon.auth.services import create_user
    from recon.deadlines.calendar_store import load_calendar
    from recon.deadlines.display import SOON_WORKING_DAYS
    from recon.deadlines.engine import compute

    app = create_app("production", SQLALCHEMY_DATABASE_URI=url, SCHEDULER_ENABLED=False,
                     SECRET_KEY="bench-secret")
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        for role in ("supervisor", "clerk", "admin"):
            create_user(db.session, None, f"bench_{role}", role, PASSWORD, display_name=role)
        for n in range(HANDLERS):
            create_user(db.session, None, f"bench_handler{n}", "handler", PASSWORD,
                        display_name=f"承办人{n}")
        db.session.commit()
        handler_ids = db.session.scalars(
            sa.text("SELECT id FROM \"user\" WHERE role = 'handler' ORDER BY id")).all()
        first_handler, last_handler = handler_ids[0], handler_ids[-1]
        derivation = json.dumps(compute("decision", TODAY - timedelta(days=30),
                                        load_calendar(db.session)).to_dict(), ensure_ascii=False)
        span = last_handler - first_handler + 1
        # the state a running system is in: yesterday's sweep already reminded every open deadline
        # inside its reminder window, so today's sweep sees the deadlines that fell due and the
        # ones entering the window today (about 1% of the running ones), not five days at once
        calendar = load_calendar(db.session)
        yesterday = TODAY - timedelta(days=1)
        reminded_until = calendar.add_working_days(yesterday, SOON_WORKING_DAYS + 1) - timedelta(days=1)
        started = time.perf_counter()
        step = 100_000
        with db.engine.begin() as conn:
            conn.execute(sa.text("SET LOCAL synchronous_commit = off"))
            for low in range(1, cases + 1, step):
                high = min(cases, low + step - 1)
                seed_chunk(conn, low, high, first_handler, span, derivation)
                conn.execute(sa.text(
                    "UPDATE deadline SET reminded_due_on = due_on WHERE state = 'open' "
                    "AND due_on BETWEEN :since AND :until AND case_id BETWEEN :low AND :high"),
                    {"since": yesterday, "until": reminded_until, "low": low, "high": high})
                print(f"  seeded cases {low:,}–{high:,} ({time.perf_counter() - started:.0f} s)",
                      flush=True)
        began = time.perf_counter()
        from recon.stats.summary import rebuild

        rebuild(db.session)  # the rows above bypassed the ORM: the summary is counted once from them
        db.session.commit()
        print(f"  statistics summary rebuilt: {time.perf_counter() - began:.0f} s", flush=True)
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(sa.text("VACUUM ANALYZE"))
        print(f"  seed, summary and VACUUM ANALYZE: {time.perf_counter() - started:.0f} s", flush=True)
        db.engine.dispose()


def seed_chunk(conn, low: int, high: int, first_handler: int, span: int, derivation: str) -> None:
    derivation = "'" + derivation.replace("'", "''") + "'"
    series = f"generate_series({low}, {high}) AS g(i)"
    received = "(DATE '2021-12-01' + (i % 1820))"
    # ~60% open (received, correction, accepted, suspended, mediation), the rest closed or refused
    status = ("(ARRAY['received','accepted','accepted','accepted','correction_requested',"
              "'suspended','closed','closed','closed','refused'])[1 + (i % 10)]")
    respondents = "ARRAY[" + ",".join(f"'{r}'" for r in RESPONDENTS) + "]"
    insert_select(conn, "case", {
        "id": "i",
        "case_no": f"'合府复〔' || extract(year FROM {received})::int || '〕' || i || '号'",
        "year": f"extract(year FROM {received})::int",
        "serial": "i",
        "query_code": "upper(substr(md5(i::text), 1, 12))",
        "channel": "(ARRAY['online','onsite','postal'])[1 + (i % 3)]",
        "status": status,
        "procedure": "CASE WHEN i % 10 IN (1,2,3,5,6,7,8) THEN 'ordinary' END",
        "filed_on": received,
        "received_on": received,
        "accepted_on": f"CASE WHEN i % 10 IN (1,2,3,5,6,7,8) THEN {received} + 5 END",
        "closed_on": f"CASE WHEN i % 10 IN (6,7,8) THEN {received} + 50 END",
        "closure": "CASE i % 10 WHEN 6 THEN 'uphold' WHEN 7 THEN 'revoke' WHEN 8 THEN 'mediation' END",
        "timely": "true",
        "respondent_name": f"'某区' || ({respondents})[1 + (i % 10)]",
        "act_title": "'行政处罚决定书（第' || i || '号）'",
        "request": "'请求撤销被申请人作出的行政处罚决定。'",
        "facts_and_reasons": "repeat('申请人认为被申请人认定事实不清、适用法律错误。', 8)",
        "handler_id": f"CASE WHEN i % 7 = 0 THEN NULL ELSE {first_handler} + (i % {span}) END",
        "created_at": f"{received}::timestamp AT TIME ZONE 'Asia/Shanghai'",
        "updated_at": f"{received}::timestamp AT TIME ZONE 'Asia/Shanghai'",
    }, series)
    for role, position, name in (("applicant", 0, "'申请人' || i"),
                                 ("respondent", 1, f"'某区' || ({respondents})[1 + (i % 10)]")):
        insert_select(conn, "party", {
            "case_id": "i", "role": f"'{role}'", "position": str(position), "name": name,
            "kind": "'person'" if role == "applicant" else "'organization'",
            "id_number": "CASE WHEN i % 2 = 0 THEN '11010519491231002X' END"
            if role == "applicant" else "NULL",
            "phone": "'1380013' || lpad((i % 10000)::text, 4, '0')" if role == "applicant"
            else "NULL",
        }, series)
    # deadlines: acceptance_review met for every case; decision running for open accepted ones
    # (1% of them due before TODAY), respondent_copy running for some (due over the next 100 days,
    # so about 1% of them are due within the reminder window, like the decisions), a litigation
    # clock for closed ones
    deadline_rows = [
        ("acceptance_review", received, f"{received} + 7", "'met'"),
        ("decision", f"{received} + 5",
         f"DATE '{TODAY.isoformat()}' - 1 + ((i::bigint * 7919 + 81) % 100)::int",
         "CASE WHEN i % 10 IN (1,2,3,4,5) THEN 'open' ELSE 'met' END"),
        ("respondent_copy", f"{received} + 5",
         f"DATE '{TODAY.isoformat()}' + ((i::bigint * 104729 + 13) % 100)::int",
         "CASE WHEN i % 10 IN (1,2) THEN 'open' ELSE 'met' END"),
    ]
    for rule, start, due, state in deadline_rows:
        insert_select(conn, "deadline", {
            "case_id": "i", "rule": f"'{rule}'", "start_on": start, "due_on": due,
            "state": state, "provisional": "false", "derivation": derivation,
            "pauses": "'[]'", "extension_days": "0",
        }, series)
    insert_select(conn, "deadline", {
        "case_id": "i", "rule": "'litigation'", "start_on": f"{received} + 50",
        "due_on": f"{received} + 65", "state": "'met'", "provisional": "false",
        "derivation": derivation, "pauses": "'[]'", "extension_days": "0",
    }, f"{series} WHERE i % 10 IN (6,7,8)")
    if "next_due_on" in db.metadata.tables["case"].c:  # kept by the app on every deadline change
        conn.execute(sa.text(
            "UPDATE \"case\" c SET next_due_on = d.first FROM (SELECT case_id, min(due_on) AS first "
            "FROM deadline WHERE state IN ('open', 'overdue') "
            f"AND case_id BETWEEN {low} AND {high} GROUP BY case_id) d WHERE c.id = d.case_id"))
    insert_select(conn, "case_event", {
        "case_id": "i", "on": f"{received} + k", "kind": "(ARRAY['received','accepted','note'])[k + 1]",
        "summary": "'案件事项 ' || k", "public": "true",
        "at": f"({received} + k)::timestamp AT TIME ZONE 'Asia/Shanghai'",
    }, f"{series} CROSS JOIN generate_series(0, 2) AS e(k)")
    insert_select(conn, "audit_entry", {
        "at": f"({received} + k)::timestamp AT TIME ZONE 'Asia/Shanghai' + (i % 3600) * interval '1 second'",
        "actor_name": "'bench_handler' || (i % 40)", "action": "'case.update'",
        "object_type": "'case'", "object_id": "i::text", "case_id": "i",
        "summary": "'案件信息更新 ' || k",
        # a hash per row (not a verifiable chain): the app's next entry links to the newest one
        "hash": "md5(i || ':' || k) || md5(k || ':' || i)",
    }, f"{series} CROSS JOIN generate_series(0, 9) AS e(k)")


# ---- serving and measuring --------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(url: str, port: int) -> subprocess.Popen:
    env = dict(os.environ, DATABASE_URL=url, RECON_ENV="production", RECON_SECURE_COOKIES="0",
               SECRET_KEY="bench-secret", RECON_EMBED_SCHEDULER="0",
               RECON_RATELIMIT_LOGIN="100000 per minute",
               RECON_RATELIMIT_PUBLIC="100000 per minute", PYTHONPATH=str(ROOT))
    gunicorn = Path(sys.executable).with_name("gunicorn")
    proc = subprocess.Popen([str(gunicorn), "-w", "2", "-b", f"127.0.0.1:{port}", "--log-level", "warning",
                             "bench._scale_app:app"], cwd=ROOT, env=env)
    for _ in range(150):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/bench/bare", timeout=2).read()
            return proc
        except OSError:
            time.sleep(0.2)
    proc.terminate()
    raise SystemExit("bench/scale.py: gunicorn did not answer")


class Client:
    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path: str) -> bytes:
        with self.opener.open(self.base + path, timeout=120) as response:
            return response.read()

    def login(self, username: str) -> None:
        page = self.get("/login").decode()
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
        data = {"username": username, "password": PASSWORD}
        if token:
            data["csrf_token"] = token.group(1)
        body = urllib.parse.urlencode(data).encode()
        with self.opener.open(self.base + "/login", data=body, timeout=60) as response:
            response.read()

    def token(self, username: str) -> str:
        request = urllib.request.Request(
            self.base + "/api/v1/auth/token", method="POST",
            data=json.dumps({"username": username, "password": PASSWORD}).encode(),
            headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read())["token"]


def measure(fetch, n: int) -> tuple[float, float]:
    fetch()  # warm
    times = []
    for _ in range(n):
        started = time.perf_counter()
        fetch()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[max(0, int(round(0.95 * len(times))) - 1)]


def worker_rss_mb(master: subprocess.Popen) -> list[float]:
    out = []
    children = Path(f"/proc/{master.pid}/task/{master.pid}/children")
    for pid in children.read_text().split() if children.exists() else []:
        status = Path(f"/proc/{pid}/status").read_text()
        out.append(int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024)
    return out


def pages(base: str, url: str, n: int, master: subprocess.Popen) -> None:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        case_id, case_no, query_code, applicant = conn.execute(sa.text(
            "SELECT c.id, c.case_no, c.query_code, p.name FROM \"case\" c JOIN party p "
            "ON p.case_id = c.id AND p.role = 'applicant' ORDER BY c.id DESC LIMIT 1")).one()
    engine.dispose()
    staff = Client(base)
    staff.login("bench_supervisor")
    api = staff.token("bench_supervisor")

    def api_get(path):
        request = urllib.request.Request(base + path, headers={"Authorization": f"Bearer {api}"})
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.read()

    due = (TODAY + timedelta(days=3)).isoformat()
    lookup = "/lookup?" + urllib.parse.urlencode({"case_no": case_no, "query_code": query_code})
    rows = [
        ("bare select (50 rows)", lambda: staff.get("/bench/bare")),
        ("staff worklist /cases/", lambda: staff.get("/cases/")),
        ("worklist page 200", lambda: staff.get("/cases/?page=200")),
        ("worklist 全部 /cases/?status=all", lambda: staff.get("/cases/?status=all")),
        ("worklist 已结案 ?status=closed", lambda: staff.get("/cases/?status=closed")),
        ("deadline board /deadlines/", lambda: staff.get("/deadlines/")),
        ("API /api/v1/cases?due_before=", lambda: api_get(f"/api/v1/cases?due_before={due}")),
        ("API /api/v1/cases page 10,000", lambda: api_get("/api/v1/cases?page=10000")),
        ("staff home /staff", lambda: staff.get("/staff")),
        ("audit log /audit/", lambda: staff.get("/audit/")),
        ("case page", lambda: staff.get(f"/cases/{case_id}")),
        ("public /lookup", lambda: Client(base).get(lookup)),
    ]
    rss_before = worker_rss_mb(master)
    bare = None
    print(f"{'page':34} {'p50 ms':>9} {'p95 ms':>9} {'p95/bare':>9}")
    for label, fetch in rows:
        try:
            p50, p95 = measure(fetch, n)
        except OSError as exc:
            print(f"{label:34} failed: {exc}")
            continue
        bare = bare or p95
        print(f"{label:34} {p50:9.1f} {p95:9.1f} {p95 / bare:9.1f}", flush=True)
    rss_after = worker_rss_mb(master)
    print("worker RSS MB before/after: "
          + ", ".join(f"{a:.0f}→{b:.0f}" for a, b in zip(rss_before, rss_after, strict=False)))


def sweeps(url: str) -> None:
    from recon.deadlines.sweep import sweep_due_deadlines

    app = create_app("production", SQLALCHEMY_DATABASE_URI=url, SCHEDULER_ENABLED=False,
                     SECRET_KEY="bench-secret")
    with app.app_context():
        # the first no-op sweep after a large one still steps over the index entries of the rows
        # that sweep just updated (PostgreSQL marks them dead as it meets them); the second shows
        # the steady cost of a tick
        for label in ("sweep (1% due)", "no-op sweep, right after", "no-op sweep, next tick"):
            started = time.perf_counter()
            done = sweep_due_deadlines(db.session, NOW)
            db.session.commit()
            print(f"{label:34} {(time.perf_counter() - started) * 1000:9.1f} ms  ({done:,} effects)",
                  flush=True)
        db.engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--database-url")
    parser.add_argument("--keep", action="store_true", help="keep the throwaway cluster running")
    args = parser.parse_args()
    pgdata = None
    url = args.database_url
    if not url:
        pgdata, url = throwaway_cluster()
    master = None
    try:
        print(f"== seeding {args.cases:,} cases", flush=True)
        seed(url, args.cases)
        port = free_port()
        master = serve(url, port)
        print(f"== pages ({args.requests} requests each, gunicorn -w 2)", flush=True)
        pages(f"http://127.0.0.1:{port}", url, args.requests, master)
        master.send_signal(signal.SIGTERM)
        master.wait(30)
        master = None
        print("== sweep", flush=True)
        sweeps(url)
    finally:
        if master is not None:
            master.terminate()
        if pgdata and not args.keep:
            subprocess.run([str(ROOT / "scripts" / "pg-throwaway.sh"), "stop", pgdata], check=False)
        elif pgdata:
            print(f"cluster kept: {url} (stop: scripts/pg-throwaway.sh stop {pgdata})")


if __name__ == "__main__":
    main()
