"""How queued messages leave the system: e-mail over SMTP (standard library ``smtplib``) and SMS
through one small interface whose default only writes the log (no gateway is configured here).

A real SMS gateway is a setting: ``SMS_SENDER = "package.module:ClassName"``, a class built with
the app's config mapping whose ``send(recipient, text) -> str`` delivers one message (raising on
failure) and returns a short name of the way it went (stored as ``sent_via``)."""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from importlib import import_module
from typing import Any, Protocol

from recon.masking import mask_phone

log = logging.getLogger("recon.notifications")


class SmsSender(Protocol):
    def send(self, recipient: str, text: str) -> str: ...


class LogSmsSender:
    """The default: no gateway. The message stays in the outbox (marked sent via ``log``) and its
    text goes to the log, with the number masked."""

    def __init__(self, config: Mapping[str, Any] | None = None):
        self.config = config

    def send(self, recipient: str, text: str) -> str:
        log.info("SMS (no gateway configured) to %s: %s", mask_phone(recipient), text)
        return "log"


@dataclass(frozen=True)
class SmtpSender:
    host: str
    port: int = 25
    username: str | None = None
    password: str | None = None
    use_tls: bool = False
    use_ssl: bool = False
    sender: str = "recon@localhost"
    timeout: float = 10.0

    def send(self, recipient: str, subject: str, body: str) -> str:
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = recipient
        message["Subject"] = subject
        message.set_content(body)
        smtp_class = smtplib.SMTP_SSL if self.use_ssl else smtplib.SMTP
        with smtp_class(self.host, self.port, timeout=self.timeout) as smtp:
            if self.use_tls:
                smtp.starttls()
            if self.username:
                smtp.login(self.username, self.password or "")
            smtp.send_message(message)
        return "smtp"


@dataclass(frozen=True)
class Senders:
    email: SmtpSender | None
    sms: SmsSender


def senders_from_config(config: Mapping[str, Any]) -> Senders:
    """The senders the settings ask for (the caller passes ``app.config``)."""
    email = None
    if config.get("MAIL_SERVER"):
        email = SmtpSender(
            host=config["MAIL_SERVER"], port=int(config.get("MAIL_PORT") or 25),
            username=config.get("MAIL_USERNAME") or None, password=config.get("MAIL_PASSWORD"),
            use_tls=bool(config.get("MAIL_USE_TLS")), use_ssl=bool(config.get("MAIL_USE_SSL")),
            sender=config.get("MAIL_DEFAULT_SENDER") or "recon@localhost",
        )
    path = config.get("SMS_SENDER") or ""
    if path:
        module, _, name = path.partition(":")
        sms = getattr(import_module(module), name)(config)
    else:
        sms = LogSmsSender(config)
    return Senders(email=email, sms=sms)
