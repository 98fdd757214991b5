"""Account rules: create users, authenticate with lockout, end sessions, manage accounts, issue,
list and revoke API tokens. Every change writes the audit log; nothing here commits."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from sqlalchemy import and_, case, delete, null, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from recon.audit.services import record
from recon.auth.models import ApiToken, LoginThrottle, User
from recon.auth.roles import STAFF_ROLES, Role
from recon.errors import DomainError, PermissionDenied
from recon.i18n import N_, gettext

MIN_PASSWORD_LENGTH = 8
PASSWORD_HASH_METHOD = "scrypt"  # werkzeug's default; tests lower the cost (tests/conftest.py)
PHONE_RE = re.compile(r"^1[3-9]\d{9}$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class LoginPolicy:
    max_failures: int = 5
    lockout_minutes: int = 15


def check_password_strength(password: str, field: str = "password") -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise DomainError(gettext("密码至少需要 %(n)s 位", n=MIN_PASSWORD_LENGTH), field=field)
    if password.isdigit() or password.isalpha():
        raise DomainError(gettext("密码需要同时包含字母和数字"), field=field)


def _hash_password(password: str) -> str:
    return generate_password_hash(password, method=PASSWORD_HASH_METHOD)


@cache
def _dummy_hash(method: str) -> str:
    """A hash of the current method and cost, checked when the name is unknown or locked, so that
    every login attempt costs one password check (the answer's timing tells nothing)."""
    return generate_password_hash(secrets.token_urlsafe(16), method=method)


def find_user(session: Session, username: str) -> User | None:
    return session.scalar(select(User).where(User.username == username.strip()))


def _role(value: str) -> Role:
    try:
        return Role(value)
    except ValueError:
        raise DomainError(gettext("角色无效，可选：申请人、窗口登记员、案件承办人、复议机构负责人、系统管理员"),
                          field="role") from None


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
    role = _role(role).value
    if find_user(session, username):
        raise DomainError(gettext("该用户名已被使用，请换一个"), field="username")
    check_password_strength(password)
    user = User(
        username=username,
        display_name=(display_name or username).strip(),
        role=role,
        password_hash=_hash_password(password),
        phone=phone,
        email=email,
    )
    session.add(user)
    session.flush()
    record(session, actor or user, "user.create", user, summary=f"创建账号 {username}（{user.role_label}）",
           after={"username": username, "role": role})
    return user


#: Registration with a name that already has an account: the words do not say that it does
#: (issue 12); the work is the same as a registration's (one password hash).
REGISTRATION_REFUSED = N_("无法用这个手机号码或电子邮箱完成注册。如果您以前注册过，请直接登录；忘记密码请携带身份证件到行政复议窗口办理。")


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
    check_password_strength(password)
    if find_user(session, contact) is not None:
        _hash_password(password)  # the work a new account costs
        raise DomainError(gettext(REGISTRATION_REFUSED), field="contact")
    return create_user(session, None, contact, Role.APPLICANT, password, display_name, phone, email)


# ---- logging in ---------------------------------------------------------------------------------


def name_key(username: str) -> str:
    return hashlib.sha256(username.strip().encode()).hexdigest()


def _count_attempt(session: Session, key: str, now: datetime) -> tuple[int, datetime | None]:
    """Count this attempt for the name before its password is checked, in one atomic statement
    (INSERT ... ON CONFLICT DO UPDATE ... RETURNING on SQLite and PostgreSQL alike). The row stays
    locked until the caller commits, so concurrent attempts on one name queue here and each sees
    the count and the lock the previous one left: no more than max_failures passwords are ever
    checked before the lock. Returns (this attempt's number, the lock's end or None)."""
    table = LoginThrottle.__table__
    dialect = session.get_bind(mapper=LoginThrottle).dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    lock_over = and_(table.c.locked_until.is_not(None), table.c.locked_until <= now)
    statement = insert(table).values(name_key=key, failures=1, locked_until=None, updated_at=now)
    statement = statement.on_conflict_do_update(
        index_elements=[table.c.name_key],
        set_={"failures": case((lock_over, 1), else_=table.c.failures + 1),
              "locked_until": case((lock_over, null()), else_=table.c.locked_until),
              "updated_at": now},
    ).returning(table.c.failures, table.c.locked_until)
    failures, locked_until = session.execute(statement).one()
    return failures, locked_until


#: How long a name's failures are remembered without a new attempt (the login sweep's cut-off).
FAILURE_MEMORY = timedelta(days=1)


def forget_old_failures(session: Session, now: datetime) -> int:
    """The scheduler's ``login-sweep``: forget the count of every name with no attempt for a day
    and no lock in force, so that one mistyped password a month never adds up to a lockout and
    the names an attacker tried do not pile up. Returns the number forgotten."""
    forgotten = session.execute(
        delete(LoginThrottle).where(LoginThrottle.updated_at < now - FAILURE_MEMORY,
                                    or_(LoginThrottle.locked_until.is_(None), LoginThrottle.locked_until <= now))
        .execution_options(synchronize_session=False)).rowcount
    if forgotten:
        record(session, None, "login.sweep", object_type="login_name", at=now,
               summary=f"清除 {forgotten} 个一天以上没有登录尝试的登录失败计数")
    return forgotten


def _minutes_left(until: datetime, now: datetime) -> int:
    return max(1, int((until - now).total_seconds() // 60) + 1)


def locked_until(session: Session, user: User, now: datetime) -> datetime | None:
    """The end of the account's lockout, or None when it may log in."""
    until = session.scalar(select(LoginThrottle.locked_until)
                           .where(LoginThrottle.name_key == name_key(user.username)))
    return until if until is not None and until > now else None


def authenticate(session: Session, username: str, password: str, now: datetime,
                 policy: LoginPolicy = LoginPolicy()) -> User:
    """Check a password; lock the submitted name after repeated failures. Raises DomainError.

    Failures count per submitted name whether or not an account has it, and every attempt checks
    one password hash (a dummy one for an unknown or a locked name), so an unknown name, a real
    one and a locked one answer with the same words after the same work: the page does not tell
    whether an account (a phone number, an e-mail address) exists. Only the right password of a
    disabled account learns that it is disabled."""
    name = username.strip()
    key = name_key(name)
    failures, until = _count_attempt(session, key, now)
    user = find_user(session, name)
    if until is not None and until > now:
        check_password_hash(_dummy_hash(PASSWORD_HASH_METHOD), password)
        raise DomainError(gettext("密码连续输错次数过多，账号已暂时锁定，请 %(minutes)s 分钟后再试",
                                  minutes=_minutes_left(until, now)), field="password")
    matches = check_password_hash(user.password_hash if user else _dummy_hash(PASSWORD_HASH_METHOD), password)
    if user is not None and matches:
        session.execute(delete(LoginThrottle).where(LoginThrottle.name_key == key))
        if not user.active:
            raise DomainError(gettext("该账号已停用，请联系系统管理员"), field="username")
        user.last_login_at = now
        record(session, user, "user.login", user, summary="登录", at=now)
        return user
    target = {"obj": user} if user is not None else {"object_type": "login_name", "object_id": key[:16]}
    if failures >= policy.max_failures:
        lock_end = now + timedelta(minutes=policy.lockout_minutes)
        session.execute(update(LoginThrottle).where(LoginThrottle.name_key == key)
                        .values(locked_until=lock_end, failures=0))
        record(session, user, "user.lockout", **target, at=now,
               summary=f"连续 {policy.max_failures} 次登录失败，锁定 {policy.lockout_minutes} 分钟"
                       + ("" if user is not None else "（该用户名没有账号）"),
               after={"locked_until": lock_end.isoformat()})
        raise DomainError(gettext("密码连续输错 %(failures)s 次，账号已锁定 %(minutes)s 分钟",
                                  failures=policy.max_failures, minutes=policy.lockout_minutes),
                          field="password")
    record(session, user, "user.login_failed", **target, at=now,
           summary="密码错误，登录失败" if user is not None else "用户名没有账号，登录失败",
           after={"failures": failures})
    raise DomainError(gettext("用户名或密码不正确。连续输错 %(failures)s 次密码，账号将暂时锁定 %(minutes)s 分钟",
                              failures=policy.max_failures, minutes=policy.lockout_minutes),
                      field="password")


# ---- ending sessions and managing accounts --------------------------------------------------------


def end_sessions(session: Session, user: User, now: datetime) -> int:
    """End every login session of the account (every copy of every cookie: the user loader compares
    the generation) and revoke every API token it holds. Returns the number of tokens revoked."""
    user.session_generation = User.session_generation + 1  # atomic in the database
    revoked = session.execute(
        update(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=now).execution_options(synchronize_session=False)).rowcount
    session.flush()
    session.expire(user, ["session_generation", "tokens"])
    return revoked


def logout(session: Session, user: User, now: datetime) -> None:
    revoked = end_sessions(session, user, now)
    record(session, user, "user.logout", user, at=now, summary="退出登录（结束该账号的全部登录）",
           after={"tokens_revoked": revoked})


def change_own_password(session: Session, user: User, current: str, new: str, now: datetime) -> None:
    """The account's holder sets a new password; every session and token of the account ends."""
    if not check_password_hash(user.password_hash, current):
        raise DomainError(gettext("当前密码不正确"), field="current_password")
    check_password_strength(new, field="new_password")
    if check_password_hash(user.password_hash, new):
        raise DomainError(gettext("新密码不能与当前密码相同"), field="new_password")
    user.password_hash = _hash_password(new)
    revoked = end_sessions(session, user, now)
    record(session, user, "user.password_change", user, at=now, summary="修改本人密码",
           after={"tokens_revoked": revoked})


def _not_self(actor: User, user: User, message: str) -> None:
    if actor.id == user.id:
        raise PermissionDenied(message)


def set_active(session: Session, actor: User, user: User, active: bool, now: datetime) -> None:
    """Disable (every session and token ends) or enable an account. The admin cannot disable
    their own account, so one active admin always remains."""
    _not_self(actor, user, gettext("不能停用自己的账号"))
    if user.active == active:
        return
    user.active = active
    if active:
        record(session, actor, "user.enable", user, at=now, summary=f"启用账号 {user.username}",
               before={"active": False}, after={"active": True})
        return
    revoked = end_sessions(session, user, now)
    record(session, actor, "user.disable", user, at=now, summary=f"停用账号 {user.username}",
           before={"active": True}, after={"active": False, "tokens_revoked": revoked})


def unlock(session: Session, actor: User, user: User, now: datetime) -> None:
    until = locked_until(session, user, now)
    session.execute(delete(LoginThrottle).where(LoginThrottle.name_key == name_key(user.username)))
    record(session, actor, "user.unlock", user, at=now, summary=f"解除账号 {user.username} 的登录锁定",
           before={"locked_until": until.isoformat() if until else None})


def reset_password(session: Session, actor: User, user: User, new: str, now: datetime) -> None:
    """The admin sets a new password (told to the person, who should change it): the lockout is
    lifted and every session and token of the account ends."""
    _not_self(actor, user, gettext("请在「修改密码」页面修改自己的密码"))
    check_password_strength(new)
    user.password_hash = _hash_password(new)
    session.execute(delete(LoginThrottle).where(LoginThrottle.name_key == name_key(user.username)))
    revoked = end_sessions(session, user, now)
    record(session, actor, "user.password_reset", user, at=now, summary=f"重置账号 {user.username} 的密码",
           after={"tokens_revoked": revoked})


def change_role(session: Session, actor: User, user: User, role: str, now: datetime) -> None:
    """A staff account moves to another staff role (every session and token ends). An applicant's
    account holds their cases and stays an applicant; staff never become applicants."""
    _not_self(actor, user, gettext("不能修改自己的角色"))
    new = _role(role)
    if user.role not in STAFF_ROLES or new not in STAFF_ROLES:
        raise DomainError(gettext("只能在工作人员角色之间调整；申请人账号不能改为工作人员，工作人员也不能改为申请人"),
                          field="role")
    if new == user.role:
        return
    before = user.role
    user.role = new.value
    revoked = end_sessions(session, user, now)
    record(session, actor, "user.role_change", user, at=now,
           summary=f"账号 {user.username} 的角色由{Role(before).label}改为{Role(new).label}",
           before={"role": before}, after={"role": new.value, "tokens_revoked": revoked})


MAX_UNIT_CHARS = 200  # User.former_unit


def set_former_unit(session: Session, actor: User, user: User, unit: str | None, now: datetime) -> None:
    """A staff member's former unit (assigning them a case against it warns of 回避); empty clears it."""
    if user.role not in STAFF_ROLES:
        raise DomainError(gettext("只有工作人员账号登记原工作单位"), field="former_unit")
    new = (unit or "").strip() or None
    if new is not None and len(new) > MAX_UNIT_CHARS:
        raise DomainError(gettext("不超过 %(n)d 个字，现有 %(count)d 个字", n=MAX_UNIT_CHARS, count=len(new)),
                          field="former_unit")
    before = user.former_unit
    if new == before:
        return
    user.former_unit = new
    record(session, actor, "user.former_unit_change", user, at=now,
           summary=f"账号 {user.username} 的原工作单位由“{before or '未登记'}”改为“{new or '未登记'}”",
           before={"former_unit": before}, after={"former_unit": new})


# ---- API tokens -----------------------------------------------------------------------------------


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def live_tokens(session: Session, user: User, now: datetime) -> list[ApiToken]:
    """The account's tokens that still work, oldest first."""
    return list(session.scalars(
        select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None),
                               ApiToken.expires_at > now).order_by(ApiToken.created_at, ApiToken.id)))


def revoke_token(session: Session, actor: User | None, row: ApiToken, now: datetime,
                 reason: str = "撤销接口令牌") -> None:
    if row.revoked_at is not None:
        return
    row.revoked_at = now
    record(session, actor, "token.revoke", row, at=now, summary=f"{reason}（账号 {row.user.username}）",
           after={"revoked_at": now.isoformat()})


def issue_token(session: Session, user: User, now: datetime, hours: int, cap: int) -> tuple[str, ApiToken]:
    """A new bearer token. An account holds at most ``cap`` live tokens: the oldest ones are revoked
    to make room (a client that lost its token can always get a new one by logging in)."""
    live = live_tokens(session, user, now)
    for old in live[:max(0, len(live) - cap + 1)]:
        revoke_token(session, None, old, now, reason=f"有效令牌超过每个账号 {cap} 个的上限，撤销最早的令牌")
    token = secrets.token_urlsafe(32)
    row = ApiToken(user_id=user.id, token_hash=_hash_token(token), created_at=now,
                   expires_at=now + timedelta(hours=hours))
    session.add(row)
    session.flush()
    record(session, user, "token.issue", row, at=now, summary="签发接口令牌",
           after={"expires_at": row.expires_at.isoformat()})
    return token, row


def token_row(session: Session, token: str) -> ApiToken | None:
    return session.scalar(select(ApiToken).where(ApiToken.token_hash == _hash_token(token)))

