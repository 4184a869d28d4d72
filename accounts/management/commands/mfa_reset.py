"""manage.py mfa_reset <username>: delete a user's authenticator app (a lost phone)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.services import second_factor_reset


class Command(BaseCommand):
    help = (
        "Delete the user's authenticator app. Their sessions are no longer verified; at the "
        "next page they enrol a new app (or, if they need none, simply go on)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: object, **options: str) -> None:
        user_model = get_user_model()
        try:
            user = user_model.objects.get(**{user_model.USERNAME_FIELD: options["username"]})
        except user_model.DoesNotExist:
            raise CommandError(f"No user is named {options['username']!r}.") from None
        deleted = second_factor_reset(user=user)
        self.stdout.write(f"{deleted} authenticator app(s) of {user.get_username()} deleted.")
