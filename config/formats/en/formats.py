"""English dates as written in Europe, where Palier's clients are: 29 Nov 2026, 14:05.

Django's plain "en" locale writes American dates (11/29/2026 2:05 p.m.).
"""

from django.conf.locale.en_GB.formats import *  # noqa: F403

TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j M Y, H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
