"""Language codes as feeds, sitemaps and meta tags spell them."""

from __future__ import annotations

# Django's codes for Chinese name the script; RSS, Google News and Open Graph
# want the region-style codes those readers know.
_CONTENT = {"zh-hans": "zh-cn", "zh-hant": "zh-tw", "zh": "zh-cn"}


def content_language(code: str) -> str:
    """``zh-hans`` → ``zh-cn`` (RSS ``<language>``, Google News, ``citation_language``)."""
    code = (code or "zh-hans").lower()
    return _CONTENT.get(code, code)


def og_locale(code: str) -> str:
    """``zh-hans`` → ``zh_CN`` (Open Graph ``og:locale``)."""
    lang, _, region = content_language(code).partition("-")
    return f"{lang}_{region.upper()}" if region else lang
