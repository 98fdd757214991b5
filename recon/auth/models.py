from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from recon.auth.roles import ROLE_LABELS, STAFF_ROLES, Role
from recon.db import UTCDateTime, utcnow
from recon.extensions import db, login_manager


class User(UserMixin, db.Model):
    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    display_name: Mapped[str] = mapped_column(String(80))
    role: Mapped[str] = mapped_column(String(20), index=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    phone: Mapped[str | None] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(120))
    #: Staff: the unit the person worked for before (原工作单位); assigning them a case whose
    #: respondent is that unit warns about recusal.
    former_unit: Mapped[str | None] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    #: Part of every login's session id (get_id): raising it ends every session of the account on
    #: the server, copies of the cookie included (logout, password change, disabling, role change).
    session_generation: Mapped[int] = mapped_column(default=0, server_default="0")
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    tokens: Mapped[list[ApiToken]] = relationship(back_populates="user")

    @property
    def is_active(self) -> bool:  # Flask-Login
        return self.active

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def role_label(self) -> str:
        return ROLE_LABELS[Role(self.role)]

    def has_role(self, *roles: str) -> bool:
        return self.role in roles

    def get_id(self) -> str:  # Flask-Login: what the session stores
        return f"{self.id}:{self.session_generation}"


class LoginThrottle(db.Model):
    """Consecutive failed logins per submitted user name, whether or not an account has that name
    (so an unknown name locks exactly like a real one). ``name_key`` is the sha256 of the name:
    mistyped phone numbers and e-mail addresses are not kept in clear."""

    __tablename__ = "login_throttle"

    name_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: the last attempt counted (the login sweep forgets names without a failure for a day)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)


class ApiToken(db.Model):
    """A bearer token; only its sha256 is stored."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship(back_populates="tokens")

    def live(self, now: datetime) -> bool:
        return self.revoked_at is None and self.expires_at > now


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """The session's user, if the session is still valid: its generation is the account's current
    one (no logout, password change, role change or disabling since) and the account is active."""
    user_id, _, generation = session_id.partition(":")
    if not user_id.isdigit() or not generation.isdigit():
        return None  # a session from before generations existed, or a forged one
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or user.session_generation != int(generation):
        return None
    return user
