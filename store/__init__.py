"""The store: every read and write of the center's data (screens never see the database)."""
from store import driver as _driver

_driver.hide_drivers_from_peewee()  # no PostgreSQL driver for a SQLite file (store/driver.py)
