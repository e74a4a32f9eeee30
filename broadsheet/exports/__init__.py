"""Exports: the public editions written out for other places (docs/exports.md).

``jsonl`` (the JSON Lines ingest reads back), ``site`` (the reader as static
HTML) and ``epub`` (one edition for e-readers). Every export starts from the one
visibility rule (``selection``); this package sits on top, like the doors:
nothing imports it but its ``export`` command.
"""
