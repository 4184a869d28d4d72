"""Palier's URLs plus the benchmark's reference: a trivial view rendering a small template."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from config.urls import urlpatterns as palier_urlpatterns


def trivial(request: HttpRequest) -> HttpResponse:
    """The ceiling of the stack: Palier's middleware, a template, no query."""
    items = ["dimension", "question", "option", "answer", "result"]
    return render(request, "bench/trivial.html", {"title": "Reference", "items": items})


urlpatterns = [path("bench/trivial/", trivial, name="bench_trivial"), *palier_urlpatterns]
