from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "audit"
    verbose_name = _("Audit log")

    def ready(self) -> None:
        from axes import signals as axes_signals
        from django.contrib.auth import signals as auth_signals

        from . import receivers

        auth_signals.user_logged_in.connect(receivers.on_logged_in, dispatch_uid="audit.login")
        auth_signals.user_logged_out.connect(receivers.on_logged_out, dispatch_uid="audit.logout")
        auth_signals.user_login_failed.connect(
            receivers.on_login_failed, dispatch_uid="audit.login_failed"
        )
        axes_signals.user_locked_out.connect(receivers.on_locked_out, dispatch_uid="audit.lockout")
