"""The presentation of a result: the objects pages, exports and the PDF show (`views`), and
their pure builder over the `ResultBundle` (`builder`)."""

from __future__ import annotations

from .builder import present_result

__all__ = ["present_result"]
