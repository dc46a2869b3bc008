"""SMTP delivery (smtplib): host, port, TLS/SSL and credentials from the MAIL_* settings."""
from __future__ import annotations

import smtplib
import ssl
from collections.abc import Mapping
from email.header import Header
from email.message import Message
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import formataddr, formatdate, make_msgid


def build_message(sender: str, to_addr: str, subject: str, text: str, html: str) -> Message:
    """A multipart/alternative message in UTF-8.

    Built with the compat32 classes on purpose: EmailMessage's default policy folds a Vietnamese
    subject into encoded words with the space between them outside, and readers then drop that space
    ("KN-2026-000001:đã"); Header keeps spaces inside the encoded words.
    """
    msg = MIMEMultipart("alternative")
    msg["From"] = formataddr((str(Header("Hệ thống theo dõi kiến nghị cử tri", "utf-8")), sender))
    msg["To"] = to_addr
    msg["Subject"] = Header(subject, "utf-8")
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    msg.attach(MIMEText(text, "plain", "utf-8"))
    msg.attach(MIMEText(html, "html", "utf-8"))
    return msg


class SmtpMailer:
    """One SMTP connection for a batch: `with SmtpMailer(config) as m: m.send(message)`."""

    def __init__(self, config: Mapping, timeout: float = 20.0):
        self.host = config["MAIL_SERVER"]
        self.port = int(config["MAIL_PORT"])
        self.use_tls = bool(config.get("MAIL_USE_TLS"))
        self.use_ssl = bool(config.get("MAIL_USE_SSL"))
        self.username = config.get("MAIL_USERNAME")
        self.password = config.get("MAIL_PASSWORD")
        self.sender = config["MAIL_DEFAULT_SENDER"]
        self.timeout = timeout
        self._smtp: smtplib.SMTP | None = None

    def __enter__(self) -> SmtpMailer:
        context = ssl.create_default_context()
        if self.use_ssl:
            self._smtp = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=context)
        else:
            self._smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
            if self.use_tls:
                self._smtp.starttls(context=context)
        if self.username:
            self._smtp.login(self.username, self.password or "")
        return self

    def send(self, to_addr: str, subject: str, text: str, html: str) -> None:
        assert self._smtp is not None, "use SmtpMailer as a context manager"
        self._smtp.send_message(build_message(self.sender, to_addr, subject, text, html))

    def __exit__(self, *exc_info) -> None:
        if self._smtp is None:
            return
        try:
            self._smtp.quit()
        except (smtplib.SMTPException, OSError):
            self._smtp.close()  # the server went away mid-batch: nothing left to say to it
        self._smtp = None
