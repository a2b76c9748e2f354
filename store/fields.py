"""Column types shared by the models."""
from __future__ import annotations

import datetime as dt
import json

import arrow
import peewee as pw


class UtcDateTimeField(pw.DateTimeField):
    """An instant stored as naive UTC to the second, read back as an aware UTC datetime.

    Whole seconds keep SQLite's text ordering correct (mixed microsecond formats do not sort).
    """

    def db_value(self, value):
        if value is None:
            return None
        value = arrow.get(value).to("UTC").datetime.replace(tzinfo=None, microsecond=0)
        return super().db_value(value)

    def python_value(self, value):
        value = super().python_value(value)
        if isinstance(value, dt.datetime):
            return value.replace(tzinfo=dt.timezone.utc)
        return value


class JsonField(pw.TextField):
    """JSON kept as text, the same on SQLite and PostgreSQL."""

    def db_value(self, value):
        if value is None:
            return None
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)

    def python_value(self, value):
        if value is None or value == "":
            return None
        return json.loads(value)
