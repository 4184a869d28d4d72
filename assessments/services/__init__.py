"""Writes for organisations, assessments, invitations and answers, one module per concern.

Each service validates, writes inside a transaction and is callable from a view, a command or a
test alike (docs/architecture.md).
"""
