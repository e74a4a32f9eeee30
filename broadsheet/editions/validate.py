"""What a newspaper slug, a page label, an edition date and a number may be: one rule for all.

A value the reader cannot route or show must never reach the database: one
newspaper slugged ``Bad_Slug`` made ``reverse()`` fail on every page that lists
the newspapers (the home page, other newspapers' pages, the 404 page), and one
edition dated 9999-12-31 overflowed the 往期 month calendar. Every door that
writes these values takes them from here: ingest (every format and every
command-line option, through ``broadsheet.ingest``), the admin (as model field
validators) and, later, the API, so what one accepts all accept. The reader's
URL patterns are built from the same patterns (``reader/urls.py``).

The checks return a reason in English, for ingest messages, or None when the
value is good; the ``validate_*`` functions raise Django's ``ValidationError``
with a translated message, for the admin's forms.

- slug: lower-case ASCII letters, digits and ``-``, starting with a letter or
  digit, at most 64 characters, and not a name the site uses itself
  (``admin``, ``api``, ``search``, ``media``, ``switch``, ``static``…): the
  newspaper's front page and pages must resolve to the reader.
- page label: ASCII letters, digits and ``-``, starting with a letter or digit,
  at most 16 characters, as printed (``01``, ``A01``, ``B2-3``).
- date: FIRST_DATE .. LAST_DATE (1600-01-01 .. 2999-12-31): the first printed
  newspapers are of 1605, and the calendar and the search chart need a year on
  either side of every edition.
- article order: 1 .. MAX_ORDER (999999, the six digits a reader URL carries);
  issue number (期次), item versions, image sizes: 0 .. MAX_NUMBER (2^31 - 1,
  what every supported database stores in an integer column).
"""

from __future__ import annotations

import datetime as dt
import functools
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import Resolver404, resolve
from django.utils.translation import gettext_lazy as _

SLUG_PATTERN = r"[a-z0-9][a-z0-9-]{0,63}"
LABEL_PATTERN = r"[A-Za-z0-9][A-Za-z0-9-]{0,15}"
ORDER_PATTERN = r"[0-9]{1,6}"
_SLUG = re.compile(SLUG_PATTERN)
_LABEL = re.compile(LABEL_PATTERN)
FIRST_DATE, LAST_DATE = dt.date(1600, 1, 1), dt.date(2999, 12, 31)
MAX_ORDER = 999_999
MAX_NUMBER = 2**31 - 1
# Reader URLs a slug must reach (a sample date and label stand for every edition and page).
_PROBES = ("/{slug}/", "/{slug}/2000-01-01/01/")
READER_NAMESPACE = "reader"

SLUG_RULE = (
    "must be lower-case letters, digits and '-', starting with a letter or digit (at most 64)"
)
LABEL_RULE = "must be letters, digits and '-' as printed, starting with a letter or digit (at most 16), e.g. '01', 'A01'"  # noqa: E501


def slug_problem(value: object) -> str | None:
    """Why ``value`` cannot be a newspaper slug, or None."""
    if not isinstance(value, str) or not _SLUG.fullmatch(value):
        return f"newspaper {_quoted(value)} {SLUG_RULE}"
    if reserved_slug(value):
        return f"newspaper {value!r} is a name the site uses itself (/{value}/); choose another"
    return None


@functools.lru_cache(maxsize=1024)
def reserved_slug(slug: str) -> bool:
    """True when the site answers the newspaper's URLs with something other than the reader.

    Asked of the URL configuration itself, so a route added later (``/feeds/``)
    reserves its name without a list to keep; cached, as the routes do not change.
    """
    if slug == settings.STATIC_URL.strip("/"):
        return True
    for probe in _PROBES:
        try:
            match = resolve(probe.format(slug=slug))
        except Resolver404:
            return True
        if match.namespace != READER_NAMESPACE or match.kwargs.get("paper") != slug:
            return True
    return False


def label_problem(value: object) -> str | None:
    """Why ``value`` cannot be a page label, or None."""
    if not isinstance(value, str) or not _LABEL.fullmatch(value):
        return f"page label {_quoted(value)} {LABEL_RULE}"
    return None


def date_problem(value: dt.date) -> str | None:
    if not FIRST_DATE <= value <= LAST_DATE:
        return f"date {value.isoformat()} is outside {FIRST_DATE} .. {LAST_DATE}"
    return None


def number_problem(value: object, name: str, low: int = 0, high: int = MAX_NUMBER) -> str | None:
    """Why ``value`` cannot be stored as ``name`` (an integer in low..high), or None."""
    if isinstance(value, bool) or not isinstance(value, int):
        return f"{name} must be a whole number, not {_quoted(value)}"
    if not low <= value <= high:
        shown = (
            str(value)
            if len(str(value)) <= 20
            else f"{str(value)[:12]}… ({len(str(value))} digits)"
        )
        return f"{name} {shown} is outside {low} .. {high}"
    return None


def order_problem(value: object) -> str | None:
    return number_problem(value, "article order", 1, MAX_ORDER)


def routable(slug: str, date: dt.date, label: str, order: int) -> bool:
    """Whether an article's reader URL can be built: a row that breaks a rule (written by
    hand, or by an older version) is left out of a listing instead of failing it."""
    problems = (slug_problem(slug), date_problem(date), label_problem(label), order_problem(order))
    return not any(problems)


def _digits(value: int) -> str:
    """A number as a message shows it: a huge one by its first digits and its length."""
    if abs(value) < 10**20:
        return str(value)
    return f"{'-' if value < 0 else ''}{'9' * 3}… ({value.bit_length()}-bit)"


def _quoted(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


# The same rules as Django validators, for the admin's forms (messages translated).


def validate_slug(value: str) -> None:
    if not isinstance(value, str) or not _SLUG.fullmatch(value):
        raise ValidationError(
            _("Use lower-case letters, digits and '-', starting with a letter or digit."),
            code="invalid_slug",
        )
    if reserved_slug(value):
        raise ValidationError(
            _("“%(value)s” is a name the site uses itself; choose another."),
            code="reserved_slug",
            params={"value": value},
        )


def validate_label(value: str) -> None:
    if label_problem(value):
        raise ValidationError(
            _("Use letters, digits and '-' as printed, starting with a letter or digit (e.g. 01)."),
            code="invalid_label",
        )


def validate_date(value: dt.date) -> None:
    if date_problem(value):
        raise ValidationError(
            _("Choose a date from %(first)s to %(last)s."),
            code="date_range",
            params={"first": FIRST_DATE.isoformat(), "last": LAST_DATE.isoformat()},
        )


def validate_number(value: int) -> None:
    if number_problem(value, "number"):
        raise ValidationError(
            _("Enter a whole number from 0 to %(high)d."),
            code="number_range",
            params={"high": MAX_NUMBER},
        )


def validate_order(value: int) -> None:
    if order_problem(value):
        raise ValidationError(
            _("Enter a whole number from 1 to %(high)d."),
            code="order_range",
            params={"high": MAX_ORDER},
        )


# What an article's body blocks and hotspot may be: the edition bundle's schema
# (ingest/schemas, ``$defs.block`` and ``hotspot``) in Python, so every door that writes
# an article (ingest's ``check_record`` for every format, the newsroom's editor) accepts
# exactly the same. A body block of an unknown type was stored and shown as nothing; one
# without its text raised in the reader; a hotspot of "abc" drew no area.

TEXT_BLOCKS = ("paragraph", "subheading")
BLOCK_FIELDS = {
    "paragraph": ({"text"}, {"text"}),
    "subheading": ({"text"}, {"text"}),
    "image": ({"src"}, {"src", "caption", "alt"}),
}  # type -> (required fields, allowed fields), besides "type"
TEXT_LIMIT = 300  # kicker, headline, subheadline, byline: their columns
_FILE = re.compile(r"(?!/)(?!.*\.\./).+", re.DOTALL)


def body_problem(blocks: object) -> str | None:
    """Why ``blocks`` cannot be an article's body, naming the first bad block, or None."""
    if not isinstance(blocks, list):
        return f"the body must be a list of blocks, not {_quoted(blocks)}"
    for number, block in enumerate(blocks, 1):
        problem = block_problem(block)
        if problem is not None:
            return f"block {number}: {problem}"
    return None


def block_problem(block: object) -> str | None:
    if not isinstance(block, dict):
        return f"a block must be an object with a type, not {_quoted(block)}"
    kind = block.get("type")
    if kind not in BLOCK_FIELDS:
        return f"type {_quoted(kind)} is not one of {', '.join(BLOCK_FIELDS)}"
    required, allowed = BLOCK_FIELDS[kind]
    missing = sorted(required - block.keys())
    if missing:
        return f"a {kind} block needs {', '.join(missing)}"
    extra = sorted(str(k) for k in block.keys() - allowed - {"type"})
    if extra:
        return f"a {kind} block has no field {', '.join(extra)}"
    return _block_values(block, kind)


def _block_values(block: dict, kind: str) -> str | None:
    for name in sorted(block.keys() - {"type"}):
        if not isinstance(block[name], str):
            return f"{name} must be text, not {_quoted(block[name])}"
    if kind == "image" and not _FILE.fullmatch(block["src"]):
        return f"src {_quoted(block['src'])} must name a file inside the edition"
    return None


def hotspot_problem(polygons: object) -> str | None:
    """Why ``polygons`` cannot be a hotspot (polygons of 3+ [x, y] points in 0..1), or None."""
    if not isinstance(polygons, list):
        return f"a hotspot must be a list of polygons, not {_quoted(polygons)}"
    for number, polygon in enumerate(polygons, 1):
        if not isinstance(polygon, list) or len(polygon) < 3:
            return f"polygon {number} must be a list of at least 3 points"
        if not all(_point(point) for point in polygon):
            return f"polygon {number}: every point must be [x, y] with x and y from 0 to 1"
    return None


def _point(point: object) -> bool:
    return (
        isinstance(point, list | tuple)
        and len(point) == 2
        and all(isinstance(v, int | float) and not isinstance(v, bool) for v in point)
        and all(0 <= v <= 1 for v in point)
    )


def text_problem(name: str, value: object, limit: int = TEXT_LIMIT) -> str | None:
    if not isinstance(value, str):
        return f"{name} must be text, not {_quoted(value)}"
    if len(value) > limit:
        return f"{name} longer than {limit} characters"
    return None


def validate_body(value: object) -> None:
    """The body rule as a model validator (the admin's form refuses what ingest refuses)."""
    problem = body_problem(value)
    if problem is not None:
        raise ValidationError(
            _("Invalid body: %(problem)s"), code="invalid_body", params={"problem": problem}
        )


def validate_hotspot(value: object) -> None:
    problem = hotspot_problem(value)
    if problem is not None:
        raise ValidationError(
            _("Invalid hotspot: %(problem)s"), code="invalid_hotspot", params={"problem": problem}
        )
