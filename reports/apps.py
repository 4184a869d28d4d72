from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from django.db.models.signals import post_delete

        from assessments import signals
        from assessments.models import Assessment
        from results import signals as results_signals

        from . import preparation

        signals.assessment_status_changed.connect(
            preparation.on_assessment_status_changed, dispatch_uid="reports.prepare"
        )
        results_signals.report_inputs_changed.connect(
            preparation.on_report_inputs_changed, dispatch_uid="reports.prepare_soon"
        )
        post_delete.connect(
            preparation.on_assessment_deleted, sender=Assessment, dispatch_uid="reports.delete"
        )
