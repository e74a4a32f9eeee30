"""Permanent article ids: the short token of ``/a/<id>``.

An article's readable URL (``/<paper>/<date>/<page>/<n>/``) is a position on the
page and may change when an edition is replaced; its permanent id does not. The
id is random rather than a sequence so it says nothing about how many articles
exist and needs no counter shared between app servers; it is not a secret.
Ingest carries an id over to the article that replaces its holder
(``ingest.identity``).
"""

from __future__ import annotations

import re
import secrets

# No 0/o, 1/l/i: an id read aloud or copied by hand from print stays unambiguous.
ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
LENGTH = 8  # 31**8 ≈ 8.5e11 ids; ingest checks a fresh batch against the stored ones
PATTERN = rf"[{ALPHABET}]{{{LENGTH}}}"
_VALID = re.compile(PATTERN)


def new_permalink() -> str:
    """A fresh random id (the model's default)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def is_permalink(value: str) -> bool:
    return bool(_VALID.fullmatch(value))
