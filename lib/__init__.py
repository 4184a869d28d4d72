"""Pure helpers with no Django: charts, score formatting, the YAML line loader.

Each is tested without a database (tests/lib/); nothing here imports Django or an app.
"""
