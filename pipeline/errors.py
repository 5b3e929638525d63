"""The one expected failure: something about a document that a person can read and act on."""


class DocumentError(Exception):
    """A document cannot be processed; the message says why, specifically, and is stored on it."""


class LimitExceeded(DocumentError):
    """A document goes past one of the limits on untrusted input; the message names the limit."""
