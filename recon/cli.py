"""`flask recon ...` commands (api.md "Command line")."""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from recon.auth.roles import Role
from recon.scheduler import JOBS

recon_cli = AppGroup("recon", help="recon 管理命令")

DEMO_USERS = (
    ("applicant", Role.APPLICANT, "张三", "13800138000"),
    ("clerk", Role.CLERK, "李登记", None),
    ("handler", Role.HANDLER, "王承办", None),
    ("supervisor", Role.SUPERVISOR, "赵负责", None),
    ("admin", Role.ADMIN, "系统管理员", None),
)
DEMO_PASSWORD = "demo-pass-2026"


@recon_cli.command("create-user")
@click.argument("username")
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]))
@click.option("--password", required=True)
@click.option("--name", "display_name", default=None, help="显示名称")
@click.option("--former-unit", default=None, help="工作人员的原工作单位（指派案件时提示回避）")
def create_user_cmd(username, role, password, display_name, former_unit):
    """Create an account."""
    from recon.auth.services import create_user, set_former_unit
    from recon.clock import now_utc
    from recon.errors import DomainError
    from recon.extensions import db

    try:
        user = create_user(db.session, None, username, role, password, display_name)
        if former_unit:  # checked and audited as on the admin's account page
            set_former_unit(db.session, user, user, former_unit, now_utc())
    except DomainError as exc:
        db.session.rollback()
        raise click.ClickException(exc.message) from None
    db.session.commit()
    click.echo(f"已创建 {user.username}（{user.role_label}）")


@recon_cli.command("token")
@click.argument("username")
def token_cmd(username):
    """Print a new API token for USERNAME (the token alone on one line)."""
    from recon.auth.services import find_user, issue_token
    from recon.clock import now_utc
    from recon.extensions import db

    user = find_user(db.session, username)
    if user is None or not user.active:
        raise click.ClickException(f"用户 {username} 不存在或已停用")
    token, _row = issue_token(db.session, user, now_utc(), current_app.config["API_TOKEN_HOURS"],
                              current_app.config["API_TOKEN_MAX_LIVE"])
    db.session.commit()
    click.echo(token)


@recon_cli.command("token-revoke")
@click.argument("username")
@click.option("--id", "token_id", type=int, default=None, help="只撤销这个令牌（编号见 --list）；默认撤销全部有效令牌")
@click.option("--list", "list_only", is_flag=True, help="只列出有效令牌（编号、签发时间、到期时间），不撤销")
def token_revoke_cmd(username, token_id, list_only):
    """Revoke USERNAME's live API tokens (all, or the --id one), or --list them."""
    from recon.auth.services import find_user, live_tokens, revoke_token
    from recon.clock import now_utc
    from recon.extensions import db

    user = find_user(db.session, username)
    if user is None:
        raise click.ClickException(f"用户 {username} 不存在")
    now = now_utc()
    live = live_tokens(db.session, user, now)
    if list_only:
        for row in live:
            click.echo(f"{row.id}\t{row.created_at.isoformat()}\t{row.expires_at.isoformat()}")
        return
    chosen = [row for row in live if token_id is None or row.id == token_id]
    if token_id is not None and not chosen:
        raise click.ClickException(f"用户 {username} 没有编号为 {token_id} 的有效令牌")
    for row in chosen:
        revoke_token(db.session, None, row, now, reason="在命令行撤销接口令牌")
    db.session.commit()
    click.echo(f"已撤销 {len(chosen)} 个令牌")


@recon_cli.command("seed-demo")
def seed_demo_cmd():
    """Create one demo account per role (idempotent) and print the logins."""
    from recon.seed import seed_demo

    for line in seed_demo():
        click.echo(line)


@recon_cli.command("sweep")
@click.option("--now", "now_text", default=None, help="ISO 8601 时间，如 2026-11-27T09:00:00+08:00")
@click.option("--job", "job_ids", multiple=True, type=click.Choice(list(JOBS)),
              help="只运行这个任务（可重复）；默认运行全部任务")
def sweep_cmd(now_text, job_ids):
    """One scheduler pass now (or as if at NOW): every job, or only the --job ones."""
    from datetime import datetime

    from recon.scheduler import run_job

    now = None
    if now_text:
        try:
            now = datetime.fromisoformat(now_text)
        except ValueError:
            raise click.BadParameter("请使用 ISO 8601 格式，例如 2026-11-27T09:00:00+08:00") from None
        if now.tzinfo is None:
            from recon.clock import BEIJING

            now = now.replace(tzinfo=BEIJING)
    app = current_app._get_current_object()
    for job_id in dict.fromkeys(job_ids) or JOBS:
        click.echo(f"{job_id}: {run_job(app, job_id, now)}")


@recon_cli.command("scheduler")
def scheduler_cmd():
    """Run the scheduler in this process (for deployments with several web workers)."""
    from recon.scheduler import build_scheduler

    click.echo("scheduler running; Ctrl+C to stop")
    build_scheduler(current_app._get_current_object(), blocking=True).start()


def register_cli(app: Flask) -> None:
    from recon.audit.cli import audit_cli
    from recon.deadlines.cli import calendar_cli, clock_cmd
    from recon.stats.cli import rebuild_summary_cmd, stats_cli

    recon_cli.add_command(audit_cli)
    recon_cli.add_command(clock_cmd)
    recon_cli.add_command(calendar_cli)
    recon_cli.add_command(stats_cli)
    recon_cli.add_command(rebuild_summary_cmd, name="stats-rebuild")  # the name before 0018
    app.cli.add_command(recon_cli)
