"""Resolve stage: many spellings of a company, person or place into one canonical entity."""

from .match import is_match, score
from .normalize import NameKey, name_key
from .resolver import ResolveStats, resolve_pending

__all__ = ["NameKey", "ResolveStats", "is_match", "name_key", "resolve_pending", "score"]
