"""gunicorn's settings for Palier's web processes (`make serve`, docs/deployment.md).

Every value can be set from the environment, so one file serves a laptop and a cluster.
"""

from __future__ import annotations

import multiprocessing
import os

from gunicorn.glogging import Logger

from config.logging import MaskPersonalLinks

wsgi_app = "config.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Web processes serve pages only (reports render on the workers): a few per core is right.
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count()))
threads = int(os.environ.get("GUNICORN_THREADS", 1))
# Seconds a request may take before its process is replaced; a render in the request (no
# workers configured) takes up to about 7 s on a busy machine.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))
graceful_timeout = 30
keepalive = 5
# Replace each process after some requests, so a slow leak cannot grow for weeks.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 2000))
max_requests_jitter = 200
# Behind a load balancer: the addresses whose X-Forwarded-* headers are believed.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'


class MaskedLogger(Logger):
    """gunicorn's logger, with respondents' personal links masked in both logs.

    A path such as /r/<token>/d/automation/ carries a respondent's only credential: the access
    log writes every request line, and the error log may quote one.
    """

    def setup(self, cfg):
        super().setup(cfg)
        for log in (self.access_log, self.error_log):
            log.addFilter(MaskPersonalLinks())
            for handler in log.handlers:
                handler.addFilter(MaskPersonalLinks())


logger_class = MaskedLogger
