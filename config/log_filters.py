"""Logging filters (settings.LOGGING).

The development server (`manage.py runserver`, scripts/run.sh's default) logs each
request line, query string included; a search by phone or ID number (`/cases/?q=...`)
would write the number into the log (#7: no ID number or phone in any log). gunicorn's
access log leaves query strings out by its format (gunicorn.conf.py).
"""

import logging
import re

# "GET /cases/?q=13800138000 HTTP/1.1" -> "GET /cases/ HTTP/1.1"
_QUERY_STRING = re.compile(r"(\s/[^\s?]*)\?\S*")


class WithoutQueryStrings(logging.Filter):
    """Drop query strings from the request lines a record carries in its arguments."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(
                _QUERY_STRING.sub(r"\1", arg) if isinstance(arg, str) else arg
                for arg in record.args
            )
        return True
