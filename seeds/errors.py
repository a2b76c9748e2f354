"""Errors in seed data: the message names file, step (or role) and field."""


class SeedError(Exception):
    pass
