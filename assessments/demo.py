"""Demo data for `make run`: who can log in, and what there is to see."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.db import transaction

from maturity.selectors import framework_get

CONSULTANTS_GROUP = "consultants"
DEMO_PASSWORD = "palier-demo"  # noqa: S105 - a local demo login, printed on purpose.
DEMO_FRAMEWORK_SLUGS = ("mlops-maturity", "sample")


class DemoError(Exception):
    pass


def _user(username: str, *, first_name: str, last_name: str, email: str, staff: bool) -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"first_name": first_name, "last_name": last_name, "email": email},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.is_staff = staff
        user.save()
    return user


@transaction.atomic
def seed_demo(*, base_url: str) -> str:
    """Create the demo users, organisation and assessments unless they exist; return a summary."""
    if not settings.DEBUG:
        raise DemoError("seed_demo only runs with DEBUG on: its logins are public.")
    framework = next(filter(None, (framework_get(slug) for slug in DEMO_FRAMEWORK_SLUGS)), None)
    if framework is None:
        raise DemoError("Import a framework first: manage.py import_framework FILE")
    consultants, _ = Group.objects.get_or_create(name=CONSULTANTS_GROUP)
    consultant = _user(
        "consultant",
        first_name="Camille",
        last_name="Martin",
        email="camille.martin@palier.example",
        staff=True,
    )
    consultant.groups.add(consultants)
    lines = [
        f"Demo logins (password: {DEMO_PASSWORD}):",
        "  consultant  -> the consultant's workspace",
    ]
    return "\n".join(lines)
