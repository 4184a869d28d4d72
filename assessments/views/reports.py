"""PDF report download (to be written)."""

from django.http import Http404


def _todo(*args, **kwargs):
    raise Http404


report_pdf = _todo
