from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from .middleware import second_factor_step_remember

        # After the password (the log-in page, the admin's, a test's force_login): the session
        # notes once which second-factor step the user owes, so later requests ask no query.
        user_logged_in.connect(second_factor_step_remember, dispatch_uid="palier_second_factor")
