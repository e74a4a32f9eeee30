"""The progress bar of long exports, as ingest shows it: on a terminal only, on stderr."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

from tqdm import tqdm

T = TypeVar("T")


def bar(items: Iterable[T], show: bool, unit: str, total: int | None = None) -> Iterator[T]:
    """``items`` with a bar counting them in ``unit`` (hidden unless stderr is a terminal)."""
    shown = show and sys.stderr.isatty()
    with tqdm(
        items,
        total=total,
        unit=f" {unit}",
        disable=not shown,
        file=sys.stderr,
        dynamic_ncols=True,
    ) as progress:
        yield from progress
