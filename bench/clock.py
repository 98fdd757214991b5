"""Benchmark of the statutory clock.

    python bench/clock.py [--n 1000000] [--full 10000] [--seed 20240927]

Makes N seeded-random (rule, start) pairs over 2004-2026, computes every due date with the fast
path ``due_date()`` and prints the rate, the total time and memory figures; then times
``compute()`` (the full derivation) on a smaller sample and checks both agree on it.
Figures are printed, never asserted (design.md §9).
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
import tracemalloc
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from recon.deadlines.calendar import Calendar  # noqa: E402
from recon.deadlines.engine import compute, due_date  # noqa: E402
from recon.deadlines.rules import RULES  # noqa: E402

FIRST = date(2004, 1, 1)
LAST = date(2026, 12, 31)


def make_pairs(n: int, seed: int) -> tuple[list[str], list[date]]:
    """Two parallel lists (rule ids, start dates), sharing one date object per day."""
    rng = random.Random(seed)
    days = [date.fromordinal(o) for o in range(FIRST.toordinal(), LAST.toordinal() + 1)]
    rule_ids = list(RULES)
    return rng.choices(rule_ids, k=n), rng.choices(days, k=n)


def mib(n_bytes: float) -> str:
    return f"{n_bytes / 2**20:.1f} MiB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="pairs for the fast path")
    parser.add_argument("--full", type=int, default=10_000, help="pairs for compute()")
    parser.add_argument("--seed", type=int, default=20240927)
    args = parser.parse_args(argv)

    tracemalloc.start()
    traced = Calendar.from_chinese_calendar()
    due_date("acceptance_review", date(2024, 9, 27), traced)  # builds the working-day index
    _, calendar_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del traced

    t0 = time.perf_counter()
    calendar = Calendar.from_chinese_calendar()
    due_date("acceptance_review", date(2024, 9, 27), calendar)
    build_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    rule_ids, starts = make_pairs(args.n, args.seed)
    make_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    dues = [due_date(r, s, calendar) for r, s in zip(rule_ids, starts, strict=True)]
    fast_s = time.perf_counter() - t0

    sample = min(args.full, args.n)
    t0 = time.perf_counter()
    full = [
        compute(r, s, calendar) for r, s in zip(rule_ids[:sample], starts[:sample], strict=True)
    ]
    full_s = time.perf_counter() - t0
    mismatches = sum(res.due != d for res, d in zip(full, dues, strict=False))
    provisional = sum(res.provisional for res in full)
    steps = sum(len(res.trail) for res in full)

    peak_rss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux

    print(f"calendar + index build:   {build_s * 1000:.1f} ms, {mib(calendar_peak)} traced peak")
    print(f"pairs generated:          {args.n:,} in {make_s:.2f} s (seed {args.seed})")
    print(f"fast path due_date():     {args.n:,} pairs in {fast_s:.3f} s")
    print(f"  rate:                   {args.n / fast_s:,.0f} pairs/s")
    print(f"  per pair:               {fast_s / args.n * 1e9:.0f} ns")
    print(
        f"full compute() + trail:   {sample:,} in {full_s:.3f} s "
        f"({sample / full_s:,.0f}/s, {full_s / sample * 1e6:.0f} µs each, "
        f"{steps / sample:.1f} trail steps on average)"
    )
    print(
        f"  agreement with fast:    {sample - mismatches:,}/{sample:,}"
        f"{'' if not mismatches else '  <-- MISMATCH'}; provisional: {provisional}"
    )
    print(f"peak RSS of the process:  {mib(peak_rss_kib * 1024)}")
    return 1 if mismatches else 0


if __name__ == "__main__":
    raise SystemExit(main())
