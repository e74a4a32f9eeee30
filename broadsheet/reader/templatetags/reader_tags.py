"""Small filters for the reader templates."""

from __future__ import annotations

import datetime as dt

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _

from broadsheet.reader.pagecache import per_state

register = template.Library()

_WEEKDAYS = [
    gettext_noop("星期一"),
    gettext_noop("星期二"),
    gettext_noop("星期三"),
    gettext_noop("星期四"),
    gettext_noop("星期五"),
    gettext_noop("星期六"),
    gettext_noop("星期日"),
]


@register.filter
def weekday(value: dt.date) -> str:
    return _(_WEEKDAYS[value.weekday()]) if value else ""


@register.filter
def svg_points(polygon) -> str:
    """``[[x, y], ...]`` → ``"x,y x,y"`` for an SVG polygon; bad points are dropped."""
    out = []
    for point in polygon or []:
        try:
            x, y = float(point[0]), float(point[1])
        except (TypeError, ValueError, IndexError):
            continue
        out.append(f"{x:.5f},{y:.5f}")
    return " ".join(out)


@register.filter
def bracketed(byline: str) -> str:
    """Bylines print in brackets at the end of the body, as the papers do: （王宝湖）."""
    byline = (byline or "").strip()
    if not byline or byline[0] in "（(【[":
        return byline
    return f"（{byline}）"


def _squash(text) -> str:
    return " ".join(str(text or "").split())


@register.filter
def image_alt(block) -> str:
    """The ``alt`` of an image block in the article body.

    The image sits in a ``<figure>``; when it has a caption the ``<figcaption>``
    names it, so an alt that is missing or merely repeats the caption becomes
    ``""`` (read once, not twice). A distinct alt is kept.
    """
    if not isinstance(block, dict):
        return ""
    alt = _squash(block.get("alt"))
    if alt and alt == _squash(block.get("caption")):
        return ""
    return alt


@register.filter
def article_key(summary) -> str:
    """The ``data-article`` key tying a hotspot to its 标题导航 item.

    A page's own article is keyed by its order; an article continued from
    another page (上接第X版) by that page's label and its order there, so it
    never collides with the page's own article of the same number.
    """
    start = summary.get("continued_from")
    return f"{start['label']}-{summary['order']}" if start else str(summary["order"])


@register.simple_tag
def month_calendar(calendar: dict) -> SafeString:
    """The sidebar's month calendar (往期), rendered once per site state and language.

    Its 42 cells were the largest part of a page's template time, and every page of
    an edition shows the same month with the same day selected (``per_state``).
    """
    selected = next(
        (day.date for week in calendar["weeks"] for day in week if day and day.selected), None
    )
    key = f"calendar-html:{get_language()}:{calendar['url']}:{selected}"
    return per_state(key, lambda: _render_calendar(calendar))


def _render_calendar(calendar: dict) -> SafeString:
    html = render_to_string("reader/includes/calendar.html", {"calendar": calendar})
    return mark_safe(html)  # noqa: S308 (the template escaped it)
