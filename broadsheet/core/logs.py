"""Log formats.

A request with a Host the site does not serve is an everyday scanner's probe,
not a fault in the code: Django logs it with its traceback, which let anyone
fill the log many lines at a time. ``OneLine`` keeps the message and drops the
traceback (settings.LOGGING uses it for ``django.security.DisallowedHost``).
"""

from __future__ import annotations

import logging


class OneLine(logging.Formatter):
    """The message alone on one line: no traceback, no stack."""

    def format(self, record: logging.LogRecord) -> str:
        plain = logging.makeLogRecord(record.__dict__)
        plain.exc_info = plain.exc_text = plain.stack_info = None
        return super().format(plain).replace("\n", " ")
