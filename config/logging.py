"""Logging helpers: keep respondents' personal links out of the logs."""

from __future__ import annotations

import logging
import re

# /r/<token>/...: the token is a respondent's only credential.
PERSONAL_LINK = re.compile(r"/r/[^/\s]+/")


class MaskPersonalLinks(logging.Filter):
    """Replace the token of every personal link in a log record by an ellipsis."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = PERSONAL_LINK.sub("/r/…/", str(record.msg))
        if record.args:
            args = record.args if isinstance(record.args, tuple) else (record.args,)
            record.args = tuple(
                PERSONAL_LINK.sub("/r/…/", a) if isinstance(a, str) else a for a in args
            )
        return True
