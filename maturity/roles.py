"""The respondent roles a framework's `audience` may name.

`assessments.Respondent.Role` holds the same keys with their labels; `maturity` may not import
`assessments` (imports point one way), so the keys live here and a test checks they agree.
"""

from __future__ import annotations

RESPONDENT_ROLES: tuple[str, ...] = (
    "leadership",
    "data_science",
    "data_engineering",
    "software_engineering",
    "operations",
    "product",
    "other",
)
