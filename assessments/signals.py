"""The two events of an assessment's life that apps above this one act upon.

`assessments` sits below `results` and `reports` (imports point one way, see
docs/architecture.md), yet what happens here changes what they hold: a submission changes the
result, publishing calls for the report. The services send these events, synchronously and inside
their transaction, and `results` and `reports` connect their receivers in `AppConfig.ready()`: a
receiver that fails rolls the whole write back, so the snapshot and the answers never disagree.
They are events named in the domain's words, sent from services only, never from `save()`.
"""

from __future__ import annotations

from django.dispatch import Signal

# What the result is computed from changed: a submission, a revocation, the scope or the
# targets, or the consultant asked. Arguments: `assessment`, `reason` (a ResultSnapshot.Reason).
result_inputs_changed = Signal()

# An assessment moved from `old` to `new` status (Assessment.Status values); sent after the
# status is saved. Arguments: `assessment`, `old`, `new`.
assessment_status_changed = Signal()
