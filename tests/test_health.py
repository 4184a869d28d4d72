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


def _redis_cache(url: str) -> dict:
    return {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}}


def test_health_with_the_production_cache_on_redis(client, settings):
    from tests.conftest import TEST_BROKER_URL, require_redis

    require_redis()
    settings.CACHES = _redis_cache(TEST_BROKER_URL)
    response = client.get(reverse("health"))
    assert (response.status_code, response.json()) == (200, {"status": "ok"})


def test_health_is_unavailable_when_redis_does_not_answer(client, settings):
    settings.CACHES = _redis_cache("redis://127.0.0.1:1/0")  # nothing listens on port 1
    response = client.get(reverse("health"))
    assert (response.status_code, response.json()) == (503, {"status": "unavailable"})


def test_behind_the_https_redirect_the_health_check_still_answers_over_http(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get(reverse("health"))
    assert response.status_code == 200
    page = client.get(reverse("login"))
    assert page.status_code == 301
    assert page["Location"].startswith("https://")
