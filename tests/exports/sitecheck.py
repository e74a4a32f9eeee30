"""Reading an exported site back: its pages and every local link in them."""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import unquote

_LINKS = re.compile(r'\b(?:href|src|data-url|data-hidpi)="([^"]*)"')
_SRCSET = re.compile(r'\bsrcset="([^"]*)"')


def pages(out: Path) -> list[Path]:
    return sorted(out.rglob("*.html"))


def links(page: Path) -> list[str]:
    text = page.read_text("utf-8")
    found = [html.unescape(u) for u in _LINKS.findall(text)]
    for value in _SRCSET.findall(text):
        found += [item.strip().split(" ")[0] for item in html.unescape(value).split(",")]
    return found


def broken_links(out: Path) -> list[str]:
    """Every local link of every page that names no file of the export (or leaves it)."""
    broken = []
    for page in pages(out):
        for url in links(page):
            if url.startswith(("http://", "https://", "#", "data:")) or not url:
                continue
            target = (page.parent / unquote(url.split("#")[0])).resolve()
            if url.startswith("/") or not target.is_file() or not target.is_relative_to(out):
                broken.append(f"{page.relative_to(out)}: {url}")
    return broken
