"""Benchmark of the deadline sweep and the deadline board at 1,000,000 open deadlines (PostgreSQL).

    python bench/sweep.py [--deadlines 1000000] [--due 0.01] [DATABASE_URL]

Without a URL it uses its own database ``recon_bench_sweep`` on the shared throwaway cluster
(postgresql://postgres@127.0.0.1:55432), dropped and created anew. It builds the schema,
seeds the calendar, then loads with COPY: 40 handlers and 4 supervisors, one case per 4
deadlines (a case in 10 without a handler), and the deadlines, each with a real stored derivation
(0.8-1.6 KB of JSON, as the engine writes it). ``--due`` of them are open and past their due day
(mostly organ-side rules, plus 1 in 100 of them an acceptance review or a correction reply, which
take the consequence path); the rest fall due over the next year, and the ones due within 3
working days were reminded by earlier sweeps (the steady state of a sweep every minute).

Prints: one sweep's time (what it flagged, audited, put on the timeline and in the inboxes, and
the commit), a no-op sweep's time right after, and the board: its first page, a page deep in the
list (keyset cursor), the count cards and the breakdowns, each the best of 5, with the plans of
the board page and of the sweep's probes. Targets (issue 17): sweep < 5 s, no-op < 100 ms, board
< 100 ms. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa  # noqa: E402

from recon import create_app  # noqa: E402
from recon.extensions import db  # noqa: E402

DEFAULT_URL = "postgresql://postgres@127.0.0.1:55432/recon_bench_sweep"
NOW = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)  # 10:00 Beijing, Friday
TODAY = date(2026, 11, 27)
RULES_DUE = ("respondent_copy", "respondent_reply", "decision", "hearing_notice")
RULES_LATER = ("respondent_copy", "respondent_reply", "decision", "decision_simple")
CONSEQUENCE = ("acceptance_review", "correction_reply")
RESPONDENTS = [f"合江区第{i}行政机关" for i in range(1, 301)]


def _fresh_database(url: str) -> None:
    base = sa.make_url(url)
    admin = sa.create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{base.database}" WITH (FORCE)'))
        conn.execute(sa.text(f'CREATE DATABASE "{base.database}"'))
    admin.dispose()


def _copy(cursor, table: str, columns: list[str], rows) -> None:
    """COPY ``rows`` (tuples) into ``table`` in chunks of text format."""
    def flush(buffer):
        with cursor.copy(f'COPY "{table}" ({", ".join(columns)}) FROM STDIN') as copy:  # psycopg 3
            copy.write(buffer.getvalue())

    buffer = io.StringIO()
    for n, row in enumerate(rows, start=1):
        buffer.write("\t".join(r"\N" if v is None else str(v) for v in row) + "\n")
        if n % 200_000 == 0:
            flush(buffer)
            buffer = io.StringIO()
    flush(buffer)


def _derivations() -> dict[str, str]:
    from recon.deadlines.calendar import Calendar
    from recon.deadlines.engine import compute

    calendar = Calendar.from_chinese_calendar()
    rules = set(RULES_DUE) | set(RULES_LATER) | set(CONSEQUENCE)
    return {r: json.dumps(compute(r, date(2026, 9, 28), calendar).to_dict(), ensure_ascii=False)
            .replace("\\", "\\\\") for r in rules}


def seed(url: str, n_deadlines: int, due_share: float) -> dict[str, int]:
    from werkzeug.security import generate_password_hash

    from recon.deadlines.calendar_edits import seed_calendar

    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url)
    rng = random.Random(17)
    with app.app_context():
        import recon.audit.models  # noqa: F401
        import recon.cases.models  # noqa: F401
        import recon.documents.models  # noqa: F401
        import recon.evaluations.models  # noqa: F401
        import recon.intake.models  # noqa: F401
        import recon.notifications.models  # noqa: F401

        db.create_all()
        seed_calendar(db.session, audit=False)
        db.session.commit()
        derivation = _derivations()
        raw = db.engine.raw_connection()
        cur = raw.cursor()
        password = generate_password_hash("bench-pass-2026")
        users = [(i, f"handler{i}", f"承办人{i}", "handler", password, True, NOW.isoformat(),
                  f"handler{i}@recon.example") for i in range(1, 41)]
        users += [(40 + i, f"supervisor{i}", f"负责人{i}", "supervisor", password, True,
                   NOW.isoformat(), None) for i in range(1, 5)]
        _copy(cur, "user", ["id", "username", "display_name", "role", "password_hash", "active",
                            "created_at", "email"], users)
        n_cases = n_deadlines // 4
        stamp = NOW.isoformat()

        def cases():
            for i in range(1, n_cases + 1):
                handler = None if rng.random() < 0.1 else rng.randint(1, 40)
                yield (i, f"合府复〔2026〕{i}号", 2026, i, f"Q{i:010d}", "online", "accepted",
                       "2026-09-01", "2026-09-01", False, rng.choice(RESPONDENTS), "行政处罚决定书",
                       True, "撤销行政处罚决定", "事实不清，证据不足。", False, False, False,
                       handler, stamp, stamp, 1)

        _copy(cur, "case", ["id", "case_no", "year", "serial", "query_code", "channel", "status",
                            "filed_on", "received_on", "deemed_accepted", "respondent_name",
                            "act_title", "informed_of_rights", "request", "facts_and_reasons",
                            "litigation_filed", "e_service_consent", "sms_notice", "handler_id",
                            "created_at", "updated_at", "version_id"], cases())
        n_due = int(n_deadlines * due_share)
        due_every = n_deadlines // max(n_due, 1)
        from recon.deadlines.calendar import Calendar

        calendar = Calendar.from_chinese_calendar()
        horizon = calendar.add_working_days(TODAY, 4) - timedelta(days=1)
        counts = {"due": 0, "consequence": 0}

        def deadlines():
            for i in range(1, n_deadlines + 1):
                case_id = (i - 1) // 4 + 1
                if i % due_every == 0 and counts["due"] < n_due:
                    counts["due"] += 1
                    if counts["due"] % 100 == 0:
                        rule = CONSEQUENCE[counts["due"] // 100 % 2]
                        counts["consequence"] += 1
                    else:
                        rule = RULES_DUE[i % len(RULES_DUE)]
                    due = TODAY - timedelta(days=rng.randint(1, 10))
                    reminded = due
                else:
                    rule = RULES_LATER[i % len(RULES_LATER)]
                    due = TODAY + timedelta(days=rng.randint(1, 365))
                    reminded = due if due <= horizon else None
                yield (i, case_id, rule, "2026-09-28", due.isoformat(), "open", False,
                       derivation[rule], "[]", 0, reminded.isoformat() if reminded else None,
                       stamp, stamp, 1)

        _copy(cur, "deadline", ["id", "case_id", "rule", "start_on", "due_on", "state",
                                "provisional", "derivation", "pauses", "extension_days",
                                "reminded_due_on", "created_at", "updated_at", "version_id"],
              deadlines())
        for table in ("user", "case", "deadline"):
            cur.execute(f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                        f"(SELECT max(id) FROM \"{table}\"))")
        raw.commit()
        raw.close()
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
        db.engine.dispose()
    return {"cases": n_cases, "deadlines": n_deadlines, **counts}


def _best(fn, runs: int = 5) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - started)
    return best


def _plan(session, stmt) -> str:
    compiled = stmt.compile(dialect=session.get_bind().dialect, compile_kwargs={"literal_binds": True})
    rows = session.execute(sa.text(f"EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) {compiled}")).scalars()
    return "\n".join("      " + r for r in rows)


def measure(url: str) -> None:
    from recon.deadlines import display
    from recon.deadlines.models import OPEN_PREDICATE, UNREMINDED_PREDICATE, Deadline
    from recon.deadlines.sweep import SweepOptions, sweep_due_deadlines

    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url)
    options = SweepOptions(inbox_url="http://127.0.0.1:5000/inbox")
    with app.app_context():
        session = db.session
        started = time.perf_counter()
        handled = sweep_due_deadlines(session, NOW, options=options)
        session.commit()
        sweep_s = time.perf_counter() - started
        counted = {
            "overdue": session.scalar(sa.select(sa.func.count()).select_from(Deadline)
                                      .where(Deadline.state == "overdue")),
            "audit": session.scalar(sa.text("SELECT count(*) FROM audit_entry")),
            "timeline": session.scalar(sa.text("SELECT count(*) FROM case_event")),
            "inbox": session.scalar(sa.text("SELECT count(*) FROM notification")),
        }
        print(f"sweep: {sweep_s:.2f} s for {handled:,} effects "
              f"({counted['overdue']:,} flagged overdue, {counted['audit']:,} audit entries, "
              f"{counted['timeline']:,} timeline events, {counted['inbox']:,} inbox reminders), "
              "commit included  [target < 5 s]")

        def noop():
            assert sweep_due_deadlines(session, NOW, options=options) == 0
            session.commit()

        print(f"no-op sweep: {_best(noop) * 1000:.1f} ms  [target < 100 ms]")

        today = TODAY
        flt = display.BoardFilter()

        def first_page():
            return display.board_page(session, flt, today)

        page = first_page()
        deep_cursor = None
        for _ in range(200):  # page 200, by the keyset cursor
            deep_cursor = display.board_page(session, flt, today, deep_cursor).next_cursor
        print(f"board page 1: {_best(first_page) * 1000:.1f} ms ({len(page.rows)} rows)  [target < 100 ms]")
        print(f"board page 201 (cursor {deep_cursor}): "
              f"{_best(lambda: display.board_page(session, flt, today, deep_cursor)) * 1000:.1f} ms")
        counts = display.board_counts(session, flt, today)
        print(f"board counts (bounded at {display.COUNT_CAP:,}): "
              f"{_best(lambda: display.board_counts(session, flt, today)) * 1000:.1f} ms {counts}")
        print(f"board breakdown by handler: "
              f"{_best(lambda: display.board_breakdown(session, flt, today, 'handler')) * 1000:.1f} ms; "
              f"by respondent: "
              f"{_best(lambda: display.board_breakdown(session, flt, today, 'respondent')) * 1000:.1f} ms")
        mine = display.BoardFilter(handler_id=7)
        print(f"board page 1 of one handler: "
              f"{_best(lambda: display.board_page(session, mine, today)) * 1000:.1f} ms")
        print(f"provisional count (supervisors' warning): "
              f"{_best(lambda: display.calendar_warnings(session, today)) * 1000:.1f} ms")
        session.commit()

        print("\nplan of the board's first page:")
        print(_plan(session, display._running(flt, today).limit(display.PAGE_SIZE + 1)))
        print("plan of the no-op sweep's overdue probe:")
        print(_plan(session, sa.select(Deadline.id).where(sa.text(OPEN_PREDICATE), Deadline.due_on < today)
                    .order_by(Deadline.due_on, Deadline.id).limit(1000)))
        print("plan of the no-op sweep's due-soon probe:")
        print(_plan(session, sa.select(Deadline.id).where(sa.text(UNREMINDED_PREDICATE),
                                                          Deadline.due_on >= today,
                                                          Deadline.due_on <= today + timedelta(days=5))
                    .order_by(Deadline.due_on, Deadline.id).limit(1000)))
        session.rollback()
        db.engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("database_url", nargs="?", default=DEFAULT_URL)
    parser.add_argument("--deadlines", type=int, default=1_000_000)
    parser.add_argument("--due", type=float, default=0.01)
    args = parser.parse_args()
    if not args.database_url.startswith("postgresql"):
        parser.error("the sweep bench runs on PostgreSQL")
    _fresh_database(args.database_url)
    started = time.perf_counter()
    seeded = seed(args.database_url, args.deadlines, args.due)
    print(f"seeded {seeded['deadlines']:,} open deadlines on {seeded['cases']:,} cases, "
          f"{seeded['due']:,} due ({seeded['consequence']} of them acceptance reviews or correction "
          f"replies) in {time.perf_counter() - started:.0f} s")
    measure(args.database_url)


if __name__ == "__main__":
    main()
