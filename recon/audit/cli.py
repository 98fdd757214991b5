"""`flask recon audit verify`: recompute the audit log's hash chain and name the first break."""

from __future__ import annotations

import click
from flask.cli import AppGroup

audit_cli = AppGroup("audit", help="审计日志")


@audit_cli.command("verify")
def verify_cmd():
    """Check the hash chain of the whole audit log; exit status 1 at the first break."""
    from recon.audit import chain
    from recon.extensions import db

    verdict = chain.verify(db.session)
    db.session.rollback()
    if verdict.first_break is None:
        click.echo(f"审计日志完整：共 {verdict.entries} 条，链尾哈希 {verdict.head}")
        click.echo(f"audit log intact: {verdict.entries} entries, head {verdict.head}")
        return
    broken = verdict.first_break
    what = ("它之前的记录被删除、插入或调换了位置" if broken.reason == "prev_hash"
            else "这条记录的内容被修改过")
    click.echo(f"审计日志在第 {broken.entry_id} 号记录处断裂：{what}"
               f"（已核对 {verdict.entries - 1} 条完好的记录，最后完好的哈希 {verdict.head}）", err=True)
    click.echo(f"audit log broken at entry id {broken.entry_id} ({broken.reason} does not match)", err=True)
    raise SystemExit(1)
