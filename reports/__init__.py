"""The PDF report: its context, the URL fetcher, the cache and the preparation in advance."""
