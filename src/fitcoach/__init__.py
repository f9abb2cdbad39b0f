"""fitcoach: an open-source AI personal trainer."""

__version__ = "0.1.0"
