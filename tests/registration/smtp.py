"""A real SMTP server for tests: aiosmtpd on 127.0.0.1, on a free port that survives restarts."""

from __future__ import annotations

import socket

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Collect:
    def __init__(self, messages: list, recipients: list):
        self.messages = messages
        self.recipients = recipients

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope.original_content or envelope.content)
        self.recipients.append(list(envelope.rcpt_tos))
        return "250 OK"


class SMTPServer:
    """start() / stop() / start() again on the same port; `messages` keeps the raw mails."""

    def __init__(self):
        self.port = free_port()
        self.messages: list[bytes] = []
        self.recipients: list[list[str]] = []  # the envelope's RCPT TO of each message
        self._controller = None

    def start(self) -> None:
        self._controller = Controller(_Collect(self.messages, self.recipients), hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None
