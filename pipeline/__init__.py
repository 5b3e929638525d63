"""docintel: trade paperwork in, canonical entities and commodity references out."""

__version__ = "0.1.0"
