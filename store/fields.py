"""Column types shared by the models.

Text columns that a person or a file fills are LineField (one line), NotesField (several lines)
or DataField (JSON): each refuses control and bidi characters in `db_value`, so every write
(and every look-up by such text) goes through store/text.py's one check whatever path it takes.
The event log's own columns stay plain: they copy what was stored, old text included.
"""
from __future__ import annotations

import datetime as dt
import json

import arrow
import peewee as pw

from store import text


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


class LineField(pw.CharField):
    """One line of text: no control character (tab and newline included), no bidi control."""

    def db_value(self, value):
        return super().db_value(text.check(self.name, value))


class NotesField(pw.TextField):
    """Text of several lines: tab and newline allowed, other control and bidi characters refused."""

    def db_value(self, value):
        return super().db_value(text.check(self.name, value, multiline=True))


class DataField(JsonField):
    """JSON whose strings (keys too) are checked as NotesField text."""

    def db_value(self, value):
        return super().db_value(text.check_data(self.name, value))
