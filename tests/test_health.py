"""The health check for load balancers: it says whether the app can serve, and nothing else."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_health_answers_ok_without_login_in_one_query(client, django_assert_num_queries):
    # Queries: SELECT 1.
    with django_assert_num_queries(1):
        response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_health_is_unavailable_when_the_cache_does_not_answer(client, settings, caplog):
    # A real cache backend that cannot write: its folder lies under a file.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": "/dev/null/palier-cache",
        }
    }
    response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable"}  # which part failed is logged only
    assert "the cache does not answer" in caplog.text


def test_health_refuses_posts(client):
    assert client.post(reverse("health")).status_code == 405
