"""Search service: apply the outbox to the configured backend.

Placeholder until the search backends land: leaves outbox rows in place.
"""

from __future__ import annotations


def apply_outbox() -> int:
    return 0
