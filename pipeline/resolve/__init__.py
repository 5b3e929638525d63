"""Resolve stage: many spellings of a company, person or place into one canonical entity."""

from .batch import Clustering, cluster_names
from .judgements import VERDICTS, Applied, JudgementError, canonical, judge
from .match import is_match, score
from .normalize import NameKey, name_key
from .resolver import ResolveStats, resolve_pending
from .review import ReviewItem, review_queue

__all__ = ["VERDICTS", "Applied", "Clustering", "JudgementError", "NameKey", "ResolveStats", "ReviewItem",
           "canonical", "cluster_names", "is_match", "judge", "name_key", "resolve_pending", "review_queue",
           "score"]
