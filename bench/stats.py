"""Benchmark of the statistics dashboard's figures on 1,000,000 cases over five years (PostgreSQL).

    python bench/stats.py --database-url postgresql://USER@HOST:PORT/DB [--cases 1000000]

DB names a server the script may create a scratch database on (``<DB>_stats_bench_<pid>``, dropped
at the end; ``--keep`` keeps it). It builds the schema from the models, loads the cases with COPY
(each with its intake record, the accepted ones with their decision deadline, some with a later
suit or petition), runs ANALYZE, rebuilds the statistics' summary (COPY bypasses the flush
listener), times what the listener adds to a closure's and to a filing's flush (with and without
it) and the staff home's counts by status, and then times everything the dashboard computes
(``recon.stats.figures.build_report``: the KPI counts, every figure, the months by channel with
the previous year, the closure types, the groups) for one year, for all five years and for two
custom periods with partial months (and years). Each is run once to warm the cache and then seven
times; the median is printed. Target: < 300 ms.
Figures are printed, never asserted. Without a URL (``BENCH_DATABASE_URL``) it says so and exits.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa  # noqa: E402

from recon import create_app  # noqa: E402
from recon.extensions import db  # noqa: E402

FIRST_YEAR, YEARS = 2021, 5
RESPONDENTS = [f"合江区第{i}局" for i in range(40)]
CLOSURES = [("vary", None, 3), ("revoke", None, 6), ("confirm_illegal", None, 2), ("order_performance", None, 1),
            ("confirm_void", None, 1), ("uphold", None, 40), ("reject_request", None, 15), ("dismissed", None, 6),
            ("mediation", None, 10), ("withdrawn", "after_settlement", 8), ("withdrawn", "self_correction", 3),
            ("withdrawn", None, 3), ("terminated", None, 2)]
CLOSURE_CHOICES = [(c, d) for c, d, w in CLOSURES for _ in range(w)]
#: 行政行为类别 by case id (None: 未分类), for the table by act type
ACT_TYPES = ("penalty", "penalty", "penalty", "licensing", "coercive_measure", "information", "inaction",
             "confirmation", "expropriation", None)


def _copy(raw, table: str, columns: list[str], rows) -> None:
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join("\\N" if v is None else str(v) for v in row) + "\n")
    sql = f'COPY "{table}" ({", ".join(chr(34) + c + chr(34) for c in columns)}) FROM STDIN'
    with raw.cursor() as cursor, cursor.copy(sql) as copy:  # psycopg 3
        copy.write(buffer.getvalue())


def seed(engine, n: int) -> None:
    rng = random.Random(16)
    start = date(FIRST_YEAR, 1, 1)
    days = (date(FIRST_YEAR + YEARS, 1, 1) - start).days
    today = date(FIRST_YEAR + YEARS, 1, 1) - timedelta(days=20)
    cases, intakes, deadlines, later = [], [], [], []
    serial_by_year: dict[int, int] = {}
    # filed in date order, as a real register is (the physical order follows the received day)
    received_days = sorted(start + timedelta(days=rng.randrange(days)) for _ in range(n))
    for case_id, received in enumerate(received_days, start=1):
        serial_by_year[received.year] = serial = serial_by_year.get(received.year, 0) + 1
        channel = rng.choice(("online", "online", "onsite", "postal"))
        accepted = closed = closure = detail = None
        status, roll = "received", rng.random()
        if received < today - timedelta(days=120) or roll < 0.9:
            if roll < 0.06:
                status, closed = "refused", received + timedelta(days=rng.randrange(1, 8))
            elif roll < 0.07:
                status, closure, detail = "closed", "resolved_before_acceptance", None
                closed = received + timedelta(days=rng.randrange(1, 10))
            else:
                accepted = received + timedelta(days=rng.randrange(0, 8))
                closure, detail = rng.choice(CLOSURE_CHOICES)
                closed = accepted + timedelta(days=rng.randrange(10, 95))
                status = "closed"
                if closed > today:
                    closed, closure, detail, status = None, None, None, "accepted"
        enterprise = rng.random() < 0.15
        cases.append((case_id, f"合府复〔{received.year}〕{serial}号", received.year, serial, f"Q{case_id:07d}",
                      channel, status, "ordinary" if accepted else None, received, received, accepted, "f", closed,
                      closure, detail, rng.choice(RESPONDENTS), "行政处罚决定书", "t", "请求撤销", "事实不清。",
                      "f", "f", "f", "t" if enterprise else "f", "2026-01-01 00:00:00+00", "2026-01-01 00:00:00+00", 1,
                      ACT_TYPES[case_id % len(ACT_TYPES)]))
        point = rng.randrange(1, 9) if channel != "online" and rng.random() < 0.3 else None
        intakes.append((case_id, case_id, channel, "2026-01-01 00:00:00+00", "f", "{}", point))
        if accepted:
            due = accepted + timedelta(days=60)
            state = "met" if closed else ("overdue" if due < today else "open")
            paused = (accepted + timedelta(days=5), accepted + timedelta(days=15))
            pauses = f'[["{paused[0]}", "{paused[1]}"]]' if rng.random() < 0.05 else "[]"
            deadlines.append((len(deadlines) + 1, case_id, "decision", accepted, due, state, "f", "{}", pauses, 0,
                              "2026-01-01 00:00:00+00", "2026-01-01 00:00:00+00", 1))
        if closed and closure and rng.random() < 0.06:
            later.append((len(later) + 1, case_id, rng.choice(("litigation", "petition")), "合江县人民法院",
                          f"（{closed.year}）川0522行初{case_id}号", closed + timedelta(days=10), "", "import",
                          "2026-01-01 00:00:00+00"))
    raw = engine.raw_connection()
    try:
        _copy(raw, "intake_point", ["id", "code", "name", "kind", "address", "hours", "active", "created_at",
                                    "updated_at"],
              [(i, f"P{i}", f"第{i}接收点", "legal_service", "合江", "", "t", "2026-01-01 00:00:00+00",
                "2026-01-01 00:00:00+00") for i in range(1, 9)])
        _copy(raw, "case", ["id", "case_no", "year", "serial", "query_code", "channel", "status", "procedure",
                            "filed_on", "received_on", "accepted_on", "deemed_accepted", "closed_on", "closure",
                            "closure_detail", "respondent_name", "act_title", "informed_of_rights", "request",
                            "facts_and_reasons", "litigation_filed", "e_service_consent", "sms_notice",
                            "enterprise", "created_at", "updated_at", "version_id", "act_type"], cases)
        _copy(raw, "intake_record", ["id", "case_id", "channel", "submitted_at", "oral", "snapshot", "point_id"],
              intakes)
        _copy(raw, "deadline", ["id", "case_id", "rule", "start_on", "due_on", "state", "provisional",
                                "derivation", "pauses", "extension_days", "created_at", "updated_at",
                                "version_id"], deadlines)
        _copy(raw, "later_proceeding", ["id", "case_id", "kind", "court", "number", "on", "note", "source",
                                        "created_at"], later)
        raw.commit()
    finally:
        raw.close()
    with engine.begin() as conn:
        for table in ("intake_point", "case", "intake_record", "deadline", "later_proceeding"):
            # COPY gave the ids: the sequences go on after them (the bench files a case through the ORM)
            conn.execute(sa.text(f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                                 f'(SELECT coalesce(max(id), 0) + 1 FROM "{table}"), false)'))
        conn.execute(sa.text("ANALYZE"))
    print(f"seeded {n:,} cases, {len(deadlines):,} decision deadlines, {len(later):,} later proceedings")


def timed(fn, runs: int = 7) -> float:
    fn()  # warm up
    samples = []
    for _ in range(runs):
        began = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - began)
    return statistics.median(samples) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument("--reuse", metavar="NAME", help="time a database kept by --keep (no new cases)")
    args = parser.parse_args()
    if not args.database_url or not args.database_url.startswith("postgresql"):
        print("bench/stats.py needs PostgreSQL: --database-url postgresql://… (or BENCH_DATABASE_URL)")
        return 0
    base = sa.make_url(args.database_url)
    name = args.reuse or f"{base.database}_stats_bench_{os.getpid()}"
    admin = sa.create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    if not args.reuse:
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = base.set(database=name).render_as_string(hide_password=False)
    try:
        app = create_app("testing", SQLALCHEMY_DATABASE_URI=url)
        with app.app_context():
            db.create_all()
            if not args.reuse:
                began = time.perf_counter()
                seed(db.engine, args.cases)
                print(f"load (generate + COPY + ANALYZE): {time.perf_counter() - began:.1f} s")
            from recon.cases.models import Case
            from recon.stats.definitions import DEFAULT
            from recon.stats.figures import build_report
            from recon.stats.periods import Period
            from recon.stats.summary import rebuild, status_counts, track, untrack

            began = time.perf_counter()
            months = rebuild(db.session)
            db.session.commit()
            with db.engine.begin() as conn:
                conn.execute(sa.text("ANALYZE stat_summary"))
            rows = dict(db.session.execute(sa.text("SELECT grain, count(*) FROM stat_summary GROUP BY grain")).all())
            print(f"summary rebuilt (COPY bypasses the ORM): {months} months, "
                  + ", ".join(f"{n:,} {grain} rows" for grain, n in sorted(rows.items()))
                  + f", {time.perf_counter() - began:.1f} s")
            today = date(FIRST_YEAR + YEARS, 1, 1) - timedelta(days=20)
            case = db.session.scalar(sa.select(Case).where(Case.status == "accepted").limit(1))

            def close_one():
                case.status, case.closure, case.closed_on = "closed", "mediation", today
                db.session.flush()  # the summary's delta for this case is written here
                db.session.rollback()

            def listener_share(fn) -> str:
                with_it = timed(fn)
                untrack()
                try:
                    without = timed(fn)
                finally:
                    track()
                return f"{with_it:.1f} ms ({without:.1f} ms without the summary listener)"

            print(f"closing one case, flush with its summary delta (what a transition adds): {listener_share(close_one)}")
            serial = iter(range(10_000_000, 20_000_000))

            def file_one():
                n = next(serial)
                db.session.add(Case(case_no=f"bench-{n}", year=today.year, serial=n, query_code=f"B{n}",
                                    channel="online", filed_on=today, received_on=today, respondent_name=RESPONDENTS[0],
                                    act_title="行政处罚决定书", request="请求撤销", facts_and_reasons="事实不清。"))
                db.session.flush()  # the case's INSERT and its summary upsert
                db.session.rollback()

            print(f"filing one case, flush of the case row with its summary upsert: {listener_share(file_one)}")
            print(f"cases by status for the staff home (from the summary): "
                  f"{timed(lambda: status_counts(db.session)):.1f} ms")
            year = Period(date(FIRST_YEAR + YEARS - 1, 1, 1), date(FIRST_YEAR + YEARS - 1, 12, 31), "year")
            every = Period(date(FIRST_YEAR, 1, 1), date(FIRST_YEAR + YEARS - 1, 12, 31), "custom")
            custom = Period(date(FIRST_YEAR + YEARS - 1, 3, 15), date(FIRST_YEAR + YEARS - 1, 9, 14), "custom")
            odd = Period(date(FIRST_YEAR + 1, 2, 17), date(FIRST_YEAR + YEARS - 1, 11, 3), "custom")
            for label, period in (("one year", year), ("all five years", every),
                                  ("custom, two partial months", custom),
                                  ("custom, partial months across four years", odd)):
                report = build_report(db.session, period, DEFAULT, today)
                ms = timed(lambda p=period: build_report(db.session, p, DEFAULT, today))
                print(f"dashboard figures, {label} ({period.start} to {period.end}): {ms:.0f} ms "
                      f"(received {report.figures['received'].value:,}, closed {report.figures['closed'].value:,})")
            db.session.remove()
            db.engine.dispose()
    finally:
        if not args.keep and not args.reuse:
            with admin.connect() as conn:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
