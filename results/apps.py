from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResultsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "results"
    verbose_name = _("Results")

    def ready(self) -> None:
        from assessments import signals

        from . import services

        signals.result_inputs_changed.connect(
            services.on_result_inputs_changed, dispatch_uid="results.refresh"
        )
        signals.assessment_status_changed.connect(
            services.on_assessment_status_changed, dispatch_uid="results.status"
        )
