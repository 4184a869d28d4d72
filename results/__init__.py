"""The result of an assessment and what is done with it: one read, scoring, snapshots,
presentation, curation and exports (docs/architecture.md)."""
