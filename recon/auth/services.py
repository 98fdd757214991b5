"""Account rules: create users, authenticate with lockout, issue and check API tokens."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from recon.audit.services import record
from recon.auth.models import ApiToken, User
from recon.auth.roles import Role
from recon.errors import DomainError
from recon.i18n import gettext

MIN_PASSWORD_LENGTH = 8
PASSWORD_HASH_METHOD = "scrypt"  # werkzeug's default; tests lower the cost (tests/conftest.py)
PHONE_RE = re.compile(r"^1[3-9]\d{9}$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class LoginPolicy:
    max_failures: int = 5
    lockout_minutes: int = 15


def check_password_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise DomainError(gettext("密码至少需要 %(n)s 位", n=MIN_PASSWORD_LENGTH), field="password")
    if password.isdigit() or password.isalpha():
        raise DomainError(gettext("密码需要同时包含字母和数字"), field="password")


def find_user(session: Session, username: str) -> User | None:
    return session.scalar(select(User).where(User.username == username.strip()))


def create_user(
    session: Session,
    actor,
    username: str,
    role: str,
    password: str,
    display_name: str | None = None,
    phone: str | None = None,
    email: str | None = None,
) -> User:
    username = username.strip()
    if not username:
        raise DomainError(gettext("请填写用户名"), field="username")
    try:
        role = Role(role).value
    except ValueError:
        raise DomainError(gettext("角色无效，可选：申请人、窗口登记员、案件承办人、复议机构负责人、系统管理员"),
                          field="role") from None
    if find_user(session, username):
        raise DomainError(gettext("该用户名已被使用，请换一个"), field="username")
    check_password_strength(password)
    user = User(
        username=username,
        display_name=(display_name or username).strip(),
        role=role,
        password_hash=generate_password_hash(password, method=PASSWORD_HASH_METHOD),
        phone=phone,
        email=email,
    )
    session.add(user)
    session.flush()
    record(session, actor or user, "user.create", user, summary=f"创建账号（{user.role_label}）",
           after={"username": username, "role": role})
    return user


def register_applicant(session: Session, contact: str, password: str, display_name: str) -> User:
    """Self-registration: the login name is the phone number or e-mail address."""
    contact = contact.strip().replace(" ", "").replace("-", "")
    if PHONE_RE.match(contact):
        phone, email = contact, None
    elif EMAIL_RE.match(contact):
        phone, email = None, contact.lower()
        contact = email
    else:
        raise DomainError(gettext("请填写 11 位手机号码或电子邮箱地址"), field="contact")
    if len(contact) > 80:  # the login name column (User.username)
        raise DomainError(gettext("电子邮箱地址不超过 80 个字符，请换一个较短的邮箱或使用手机号码注册"),
                          field="contact")
    if not display_name.strip():
        raise DomainError(gettext("请填写您的姓名或单位名称"), field="display_name")
    return create_user(session, None, contact, Role.APPLICANT, password, display_name, phone, email)


def authenticate(session: Session, username: str, password: str, now: datetime,
                 policy: LoginPolicy = LoginPolicy()) -> User:
    """Check a password; lock the account after repeated failures. Raises DomainError. A wrong
    password and an unknown user name get the same words (no count of attempts left), so the login
    page does not tell whether an account (a phone number, an e-mail address) exists."""
    user = find_user(session, username)
    generic = DomainError(gettext("用户名或密码不正确。连续输错 %(failures)s 次密码，账号将暂时锁定 %(minutes)s 分钟",
                                  failures=policy.max_failures, minutes=policy.lockout_minutes),
                          field="password")
    if user is None:
        check_password_hash(generate_password_hash("x", method=PASSWORD_HASH_METHOD), password)  # same cost as a real check
        raise generic
    if not user.active:
        raise DomainError(gettext("该账号已停用，请联系系统管理员"), field="username")
    if user.locked_until and user.locked_until > now:
        minutes = max(1, int((user.locked_until - now).total_seconds() // 60) + 1)
        raise DomainError(gettext("密码连续输错次数过多，账号已暂时锁定，请 %(minutes)s 分钟后再试", minutes=minutes),
                          field="password")
    if not check_password_hash(user.password_hash, password):
        user.failed_logins += 1
        if user.failed_logins >= policy.max_failures:
            user.locked_until = now + timedelta(minutes=policy.lockout_minutes)
            user.failed_logins = 0
            record(session, user, "user.lockout", user,
                   summary=f"连续 {policy.max_failures} 次密码错误，锁定 {policy.lockout_minutes} 分钟",
                   after={"locked_until": user.locked_until.isoformat()}, at=now)
            raise DomainError(
                gettext("密码连续输错 %(failures)s 次，账号已锁定 %(minutes)s 分钟",
                        failures=policy.max_failures, minutes=policy.lockout_minutes),
                field="password",
            )
        session.flush()
        record(session, user, "user.login_failed", user, summary="密码错误，登录失败",
               after={"failed_logins": user.failed_logins}, at=now)
        raise generic
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    record(session, user, "user.login", user, summary="登录", at=now)
    return user


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(session: Session, user: User, now: datetime, hours: int) -> tuple[str, ApiToken]:
    token = secrets.token_urlsafe(32)
    row = ApiToken(user_id=user.id, token_hash=_hash_token(token), created_at=now,
                   expires_at=now + timedelta(hours=hours))
    session.add(row)
    session.flush()
    record(session, user, "token.issue", row, summary="签发接口令牌", after={"expires_at": row.expires_at.isoformat()})
    return token, row


def user_for_token(session: Session, token: str, now: datetime) -> User | None:
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == _hash_token(token)))
    if row is None or row.revoked or row.expires_at <= now or not row.user.active:
        return None
    return row.user
