"""The event `results` sends to the apps below it (`reports` renders ahead on it).

`report_inputs_changed(assessment)`: something a report shows changed (the result's inputs, the
consultant's summary, notes or recommendations). Sent inside the writing transaction; a
receiver that acts after the commit uses `transaction.on_commit`.
"""

from django.dispatch import Signal

report_inputs_changed = Signal()


def report_inputs_changed_send(assessment: object) -> None:
    report_inputs_changed.send(sender="results", assessment=assessment)
