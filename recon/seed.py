"""Demo data for `make run` (idempotent)."""

from __future__ import annotations

from recon.auth.services import create_user, find_user
from recon.extensions import db


def seed_demo() -> list[str]:
    from recon.cli import DEMO_PASSWORD, DEMO_USERS

    lines = ["演示账号（用户名 / 密码 / 角色）："]
    for username, role, name, phone in DEMO_USERS:
        if find_user(db.session, username) is None:
            user = create_user(db.session, None, username, role, DEMO_PASSWORD, name, phone=phone)
        else:
            user = find_user(db.session, username)
        lines.append(f"  {username:<11} {DEMO_PASSWORD}  {user.role_label}")
    db.session.commit()
    return lines
