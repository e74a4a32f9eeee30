"""The reader's HTML made to work from a folder: links relative, server-only parts out.

The reader links with absolute paths (``/chenbao/2024-03-01/01/``). On disk a
page lives at ``chenbao/2024-03-01/01/index.html``, and ``file://`` has no
directory index, so every path becomes the relative path of the file that
answers it. Media (``MEDIA_URL`` + storage name) and static files become
``media/…`` and ``static/…``, and are listed so the export copies exactly what
its pages show. What needs the server (the search form, the language links, 本版查找,
the IIIF manifest link, the permanent links, the feed and OpenSearch links) is taken out.
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

# Attributes holding one URL, and srcset (URLs with widths or densities).
_ATTRIBUTE = re.compile(
    r'(?P<name>\b(?:href|src|data-url|data-hidpi|content|action))="(?P<url>[^"]*)"'
)
_SRCSET = re.compile(r'\bsrcset="(?P<set>[^"]*)"')
# Parts that need the server (search, the language switch, 本版查找, the IIIF link, the
# permanent link /a/<id> and the head's shortlink, OpenSearch and feed links) would be dead
# on disk. The templates mark each one, so a new one is left out by marking it there.
SERVER_ONLY = re.compile(r"<!--server-only-->.*?<!--/server-only-->\s*", re.S)
# The 报刊 selector's 切换 button asks the server (/switch/); on disk its select goes by script
# to the chosen paper's page (a choice by pointer at once, by keyboard with Enter).
_SWITCH_BUTTON = re.compile(
    r'(<form class="paper-switch".*?)<button type="submit">.*?</button>', re.S
)


@dataclass
class Rewriter:
    """Rewrites the pages of one site; collects the media and static files they use.

    ``origin`` (``https://host``) is the address the pages were rendered under;
    absolute links to it (canonical, citation and Open Graph tags) name
    ``base_url`` instead when one is given (the live site), else they are made
    relative too.
    """

    media_url: str
    static_url: str
    origin: str = ""
    base_url: str = ""
    media: set[str] = field(default_factory=set)
    static: set[str] = field(default_factory=set)

    def page(self, text: str, url: str) -> str:
        """The HTML rendered for ``url``, made to work from the file ``file_of(url)``."""
        text = SERVER_ONLY.sub("", text)
        text = _SWITCH_BUTTON.sub(r"\1", text)
        here = posixpath.dirname(file_of(url))
        text = _SRCSET.sub(lambda m: f'srcset="{self._srcset(m["set"], here)}"', text)
        return _ATTRIBUTE.sub(lambda m: self._attribute(m, here), text)

    def _attribute(self, match: re.Match, here: str) -> str:
        name, url = match["name"], html.unescape(match["url"])
        if name == "action":
            return 'action=""'  # the 报刊 selector: its script follows data-url (_SWITCH_BUTTON)
        if self.base_url and self.origin and url.startswith(self.origin + "/"):
            return f'{name}="{html.escape(self.base_url + url[len(self.origin) :])}"'
        local = self.local(url)
        if local is None:
            return match[0]
        return f'{name}="{html.escape(relative(local, here))}"'

    def _srcset(self, value: str, here: str) -> str:
        parts = []
        for item in value.split(","):
            url, _, size = item.strip().partition(" ")
            local = self.local(html.unescape(url))
            parts.append(f"{relative(local, here) if local else url} {size}".strip())
        return html.escape(", ".join(parts))

    def local(self, url: str) -> str | None:
        """The file (relative to the site's folder) answering ``url``; None if not ours."""
        if self.origin and url.startswith(self.origin + "/"):
            url = url[len(self.origin) :]
        if self.media_url and url.startswith(self.media_url) and url != self.media_url:
            name = unquote(urlsplit(url[len(self.media_url) :]).path)
            self.media.add(name)
            return f"media/{name}"
        if not url.startswith("/") or url.startswith("//"):
            return None
        parts = urlsplit(url)
        if parts.path.startswith(self.static_url):
            self.static.add(parts.path[len(self.static_url) :])
        return file_of(parts.path) + (f"#{parts.fragment}" if parts.fragment else "")


def file_of(path: str) -> str:
    """The file answering a reader path: ``/a/b/`` -> ``a/b/index.html``, ``/x.pdf`` as is."""
    path = unquote(path).lstrip("/")
    return f"{path}index.html" if path == "" or path.endswith("/") else path


def relative(target: str, here: str) -> str:
    """``target`` (relative to the site's folder) as seen from the folder ``here``."""
    path, hash_, fragment = target.partition("#")
    out = posixpath.relpath(path, here or ".")
    return out + hash_ + fragment
