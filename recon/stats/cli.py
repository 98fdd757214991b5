"""`flask recon stats rebuild-summary`: recompute the statistics' summary from the case record."""

from __future__ import annotations

import time

import click
from flask.cli import AppGroup

stats_cli = AppGroup("stats", help="统计")


@stats_cli.command("rebuild-summary")
def rebuild_summary_cmd():
    """Recompute the statistics' summary (per day, per month, and the cases by status) from the case
    record: after an upgrade to migration 0018 on a database with cases, or after writing cases with
    bulk SQL or COPY (the flush listener sees only writes through the ORM)."""
    from recon.extensions import db
    from recon.stats.summary import rebuild

    began = time.perf_counter()
    months = rebuild(db.session)
    db.session.commit()
    click.echo(f"统计汇总已重建：{months} 个月（{time.perf_counter() - began:.1f} 秒）")
    click.echo(f"statistics summary rebuilt: {months} months")
