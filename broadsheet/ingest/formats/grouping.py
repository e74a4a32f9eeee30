"""Group a stream of lines into editions without holding more than one.

Line formats (PFR, JSON Lines) hold one edition per run of consecutive lines
with the same key (a date, a newspaper and date). ``group_lines`` yields each
run as soon as the key changes. A bad line spoils the run it belongs to: the
run is yielded with its first error and the reader goes on with the next.

Which run a bad line belongs to is read from the line itself whenever it can
be (a PFR paragraph ID, a JSON object's newspaper and date, also from a line
that did not decode, through its U+FFFD text), so an error at the first line of
an edition is that edition's, not the one before. A line whose key cannot be
read at all belongs to the run around it; when it stands between two runs,
it could be either's, so both are aborted. A key that comes back after
another key is an error for the returning run.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from ..encoding import TextLine
from ..errors import IngestError

# A run's key: a date for PFR, (newspaper, date) for JSON Lines.
K = TypeVar("K", bound=Hashable)
# A line's key and item; the item is an IngestError for a bad line whose key is known.
# Raising IngestError means the key could not be read either; None skips a blank line.
Parse = Callable[[TextLine], tuple[K, Any] | None]


@dataclass
class Run(Generic[K]):
    """Consecutive lines sharing ``key``: their parsed items, or the first error."""

    key: K
    first_line: int
    items: list[Any] = field(default_factory=list)
    error: IngestError | None = None

    def spoil(self, error: IngestError) -> None:
        self.error = self.error or error


def group_lines(
    lines: Iterator[TextLine | IngestError], parse: Parse[K], name: str, again: str
) -> Iterator[Run[K] | IngestError]:
    """Runs of ``lines`` by the key ``parse`` gives; ``again`` explains a returning key."""
    grouper: _Grouper[K] = _Grouper(name, again)
    for line in lines:
        yield from grouper.take(line, parse)
    yield from grouper.finish()


class _Grouper(Generic[K]):
    def __init__(self, name: str, again: str):
        self.name, self.again = name, again
        self.seen: set[K] = set()
        self.run: Run[K] | None = None
        self.stray: IngestError | None = None  # a keyless error the next run may share
        self.stray_placed = False

    def take(self, line: TextLine | IngestError, parse: Parse[K]) -> Iterator[Run[K]]:
        if isinstance(line, IngestError):
            self._keyless(line)
            return
        try:
            parsed = _parse(line, parse)
        except IngestError as exc:
            self._keyless(exc)
            return
        if parsed is not None:
            yield from self._keyed(*parsed, line)

    def _keyed(self, key: K, item: Any, line: TextLine) -> Iterator[Run[K]]:
        if self.run is None or key != self.run.key:
            if self.run is not None:
                yield self.run
            self._start(key, line.number)
        else:
            self.stray = None  # it stood inside this run, which it spoiled already
        assert self.run is not None
        if isinstance(item, IngestError):
            self.run.spoil(item)
        else:
            self.run.items.append(item)

    def _start(self, key: K, number: int) -> None:
        self.run = Run(key, number)
        if key in self.seen:
            reason = f"{key} comes again after others; {self.again}"
            self.run.spoil(IngestError(self.name, reason, f"line {number}"))
        self.seen.add(key)
        if self.stray is not None:
            self.run.spoil(self.stray)
            self.stray, self.stray_placed = None, True

    def _keyless(self, error: IngestError) -> None:
        if self.run is not None:
            self.run.spoil(error)
        self.stray = self.stray or error
        self.stray_placed = self.run is not None

    def finish(self) -> Iterator[Run[K] | IngestError]:
        if self.run is not None:
            yield self.run
        if self.stray is not None and not self.stray_placed:
            yield self.stray


def _parse(line: TextLine, parse: Parse[K]) -> tuple[K, Any] | None:
    """The line's key and item; a line that did not decode keeps its decoding error."""
    if line.error is None:
        return parse(line)
    try:
        parsed = parse(line)
    except IngestError:
        parsed = None
    if parsed is None or "\ufffd" in str(parsed[0]):
        raise line.error
    return parsed[0], line.error


def run_failed(run: Run, label: str) -> IngestError:
    """The run's first error, saying which edition it kept out of the database."""
    err = run.error
    assert err is not None
    return IngestError(err.file, f"{err.reason} (edition {label} not loaded)", err.where)
