"""The outbox's old import path: the change log (``changelog``) replaced it.

Kept so code written against ``enqueue_editions`` and ``apply_pending`` still
appends to the log; new code imports ``broadsheet.search.changelog``.
"""

from .changelog import apply_pending, enqueue_editions

__all__ = ["apply_pending", "enqueue_editions"]
