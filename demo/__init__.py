"""The demo data of `make run`: it uses every app and nothing imports it."""
