"""Parse stage: what kind of document it is and which labelled fields it carries."""

from .classify import classify
from .dates import parse_date
from .fields import PARTY_FIELDS, read_fields

__all__ = ["PARTY_FIELDS", "classify", "parse_date", "read_fields"]
