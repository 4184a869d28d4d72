"""Cells a spreadsheet opens safely: the CSV exports' defence against formula injection."""

from __future__ import annotations

# A spreadsheet treats a cell starting with one of these as a formula (CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: object) -> object:
    """A cell that a spreadsheet cannot run as a formula: text starting with = + - @ is quoted."""
    if isinstance(cell, str) and cell.startswith(FORMULA_TRIGGERS):
        return "'" + cell
    return cell
