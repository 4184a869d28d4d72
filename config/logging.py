"""Logging helpers: keep respondents' personal links out of the logs."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping

# /r/<token>/...: the token is a respondent's only credential.
PERSONAL_LINK = re.compile(r"/r/[^/\s\"']+/")
# /accounts/reset/<uid>/<token>/: a client contact's link to choose a password.
PASSWORD_LINK = re.compile(r"/accounts/reset/[^/\s\"']+/[^/\s\"']+/")


def mask_personal_links(text: str) -> str:
    return PASSWORD_LINK.sub("/accounts/reset/…/", PERSONAL_LINK.sub("/r/…/", text))


def _masked(value: object) -> object:
    return mask_personal_links(value) if isinstance(value, str) else value


class MaskPersonalLinks(logging.Filter):
    """Replace the token of every personal link in a log record by an ellipsis.

    Arguments may be a tuple (`logger.info("%s", path)`) or a mapping (gunicorn's access log and
    Celery log with `"%(name)s" % {...}`): both are masked, and keep their shape.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = mask_personal_links(str(record.msg))
        if isinstance(record.args, Mapping):
            record.args = {key: _masked(value) for key, value in record.args.items()}
        elif record.args:
            args = record.args if isinstance(record.args, tuple) else (record.args,)
            record.args = tuple(_masked(a) for a in args)
        return True
