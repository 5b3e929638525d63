"""The entity store: schema and migrations, writes for one document, and the export."""

from .db import migrate, open_store
from .export import iter_records

__all__ = ["iter_records", "migrate", "open_store"]
