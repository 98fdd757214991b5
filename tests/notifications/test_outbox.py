"""E-mail and SMS through the outbox: delivered to a local SMTP sink (aiosmtpd) only after the
transaction commits, never after a rollback; retried after a failure; SMS through its sender."""

from __future__ import annotations

import logging
import socket
from datetime import timedelta
from email import message_from_bytes, policy

import pytest
from sqlalchemy import func, select

from recon.clock import now_utc
from recon.deadlines.sweep import SweepOptions, sweep_due_deadlines
from recon.extensions import db
from recon.notifications import outbox
from recon.notifications.models import OutboxMessage
from recon.scheduler import run_job
from tests.deadlines.helpers import FIXED_NOW, make_case, open_deadline

MAIL = SweepOptions(email=True, inbox_url="http://recon.example/inbox")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Sink:
    """aiosmtpd's handler: keeps every message it receives."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content, policy=policy.default)))
        return "250 OK"


@pytest.fixture
def smtp(app):
    from aiosmtpd.controller import Controller

    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=_free_port())
    controller.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port,
                      MAIL_DEFAULT_SENDER="recon@recon.example")
    yield sink
    controller.stop()


def _case_with_overdue(users):
    handler = users["handler"]
    handler.email = "handler@recon.example"
    case = make_case()
    case.handler_id = handler.id
    open_deadline(case, "respondent_copy", "2026-11-10")  # due 2026-11-19
    db.session.commit()
    return case


def _outbox():
    return db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()


def test_the_reminder_email_goes_out_only_after_commit(smtp, users):
    case = _case_with_overdue(users)
    assert sweep_due_deadlines(db.session, FIXED_NOW, options=MAIL) == 1
    db.session.flush()
    assert smtp.messages == []  # queued in the transaction, not sent
    db.session.commit()
    assert len(smtp.messages) == 1
    rcpt, message = smtp.messages[0]
    assert rcpt == ["handler@recon.example"]
    assert message["Subject"] == (f"行政复议期限提醒：{case.case_no} "
                                  "发送申请书副本期限（普通程序）已于 2026年11月19日 届满，已逾期")
    assert message["From"] == "recon@recon.example"
    body = message.get_content()
    assert f"{case.case_no}：发送申请书副本期限（普通程序）已于 2026年11月19日 届满，已逾期" in body
    assert "http://recon.example/inbox" in body
    [row] = _outbox()
    assert row.sent_at is not None and row.sent_via == "smtp" and row.attempts == 1
    assert sweep_due_deadlines(db.session, FIXED_NOW, options=MAIL) == 0
    db.session.commit()
    assert len(smtp.messages) == 1


def test_a_rolled_back_sweep_sends_nothing(smtp, users):
    _case_with_overdue(users)
    assert sweep_due_deadlines(db.session, FIXED_NOW, options=MAIL) == 1
    db.session.rollback()
    db.session.commit()  # a later, empty commit does not deliver anything either
    assert smtp.messages == [] and _outbox() == []


def test_no_email_without_an_address_or_without_mail_settings(smtp, users):
    case = make_case()
    case.handler_id = users["handler"].id  # no e-mail address
    open_deadline(case, "respondent_copy", "2026-11-10")
    db.session.commit()
    assert sweep_due_deadlines(db.session, FIXED_NOW, options=MAIL) == 1
    db.session.commit()
    assert smtp.messages == [] and _outbox() == []


def test_the_scheduler_sends_mail_when_mail_server_is_set_and_retries(app, smtp, users):
    _case_with_overdue(users)
    port = app.config["MAIL_PORT"]
    app.config["MAIL_PORT"] = _free_port()  # nobody listens there: the first try fails
    assert run_job(app, "deadline-sweep", FIXED_NOW) == 1
    db.session.expire_all()
    [row] = _outbox()
    assert row.sent_at is None and row.attempts == 1 and "ConnectionRefusedError" in row.last_error
    # delivered right after the commit, at the wall clock's time: the retry waits a minute
    assert row.send_after > now_utc()
    app.config["MAIL_PORT"] = port
    assert run_job(app, "outbox", now_utc()) == 0  # not yet due for a retry
    assert run_job(app, "outbox", now_utc() + timedelta(hours=2)) == 1
    db.session.expire_all()
    assert len(smtp.messages) == 1 and _outbox()[0].sent_at is not None


def test_a_message_that_keeps_failing_is_marked_failed(app, users):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=_free_port())
    outbox.enqueue(db.session, outbox.Channel.EMAIL, "x@recon.example", "正文", FIXED_NOW, "t:1", "主题")
    db.session.commit()
    at = now_utc()  # the first try was right after the commit
    for _ in range(4):
        at += timedelta(days=1)
        run_job(app, "outbox", at)
    db.session.expire_all()
    [row] = _outbox()
    assert row.attempts == 5 and row.failed_at is not None and row.sent_at is None


def test_sms_goes_to_the_log_without_a_gateway(app, users, caplog):
    with caplog.at_level(logging.INFO, logger="recon.notifications"):
        outbox.send_sms(db.session, "13812345678", "您的行政复议申请已受理", FIXED_NOW, "sms:t:1")
        assert outbox.send_sms(db.session, "13812345678", "重复", FIXED_NOW, "sms:t:1") is None
        db.session.commit()
    [row] = _outbox()
    assert row.channel == "sms" and row.sent_via == "log" and row.sent_at is not None
    assert "138****5678" in caplog.text and "您的行政复议申请已受理" in caplog.text
    assert "13812345678" not in caplog.text


class FakeGateway:
    sent: list = []

    def __init__(self, config):
        self.config = config

    def send(self, recipient, text):
        FakeGateway.sent.append((recipient, text))
        return "fake-gateway"


def test_reminder_sms_through_a_configured_gateway(app, users):
    app.config.update(SMS_SENDER=f"{__name__}:FakeGateway", RECON_REMINDER_SMS=True)
    users["handler"].phone = "13900001111"
    case = make_case()
    case.handler_id = users["handler"].id
    open_deadline(case, "respondent_copy", "2026-11-10")
    db.session.commit()
    FakeGateway.sent.clear()
    assert run_job(app, "deadline-sweep", FIXED_NOW) == 1
    assert FakeGateway.sent == [("13900001111", f"行政复议期限提醒：{case.case_no} "
                                 "发送申请书副本期限（普通程序）已于 2026年11月19日 届满，已逾期")]
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)
                             .where(OutboxMessage.sent_via == "fake-gateway")) == 1
