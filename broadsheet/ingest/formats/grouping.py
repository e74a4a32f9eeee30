"""Group a stream of lines into editions without holding more than one.

Line formats (PFR, JSON Lines) hold one edition per run of consecutive lines
with the same key (a date, a newspaper and date). ``group_lines`` yields each
run as soon as the key changes. A bad line spoils the run it stands in: the
run is yielded with its first error and the reader goes on with the next. A
key that comes back after another key is an error for the returning run.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..encoding import TextLine
from ..errors import IngestError

Parse = Callable[[TextLine], tuple[Hashable, Any] | None]


@dataclass
class Run:
    """Consecutive lines sharing ``key``: their parsed items, or the first error."""

    key: Hashable
    first_line: int
    items: list[Any] = field(default_factory=list)
    error: IngestError | None = None


def group_lines(
    lines: Iterator[TextLine | IngestError], parse: Parse, name: str, again: str
) -> Iterator[Run | IngestError]:
    """Runs of ``lines`` by the key ``parse`` gives; ``again`` explains a returning key."""
    seen: set[Hashable] = set()
    run: Run | None = None
    for line in lines:
        try:
            parsed = _parse(line, parse)
        except IngestError as exc:
            if run is None:
                yield exc
            elif run.error is None:
                run.error = exc
            continue
        if parsed is None:
            continue
        key, item = parsed
        if run is None or key != run.key:
            if run is not None:
                yield run
            run = Run(key, line.number)
            if key in seen:
                run.error = IngestError(
                    name, f"{key} comes again after others; {again}", f"line {line.number}"
                )
            seen.add(key)
        run.items.append(item)
    if run is not None:
        yield run


def _parse(line: TextLine | IngestError, parse: Parse) -> tuple[Hashable, Any] | None:
    if isinstance(line, IngestError):
        raise line
    return parse(line)


def run_failed(run: Run, label: str) -> IngestError:
    """The run's first error, saying which edition it kept out of the database."""
    err = run.error
    assert err is not None
    return IngestError(err.file, f"{err.reason} (edition {label} not loaded)", err.where)
