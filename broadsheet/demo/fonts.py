"""Find a Chinese TrueType font for the demo's page PDFs and pictures.

reportlab embeds TrueType outlines only; the CFF outlines of Noto CJK are refused.
So we look for fonts such as WenQuanYi Micro Hei (Debian ``fonts-wqy-microhei``)
in the usual font folders and through fontconfig, and keep the first one reportlab
accepts. The same file draws the text inside the generated pictures, so every
glyph of the sample comes from one embedded font.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

FONT_NAME = "BroadsheetCJK"
DEBIAN_PACKAGE = "fonts-wqy-microhei"
# Known TrueType-outline CJK fonts, best first.
PREFERRED = (
    "wqy-microhei.ttc",
    "wqy-zenhei.ttc",
    "DroidSansFallbackFull.ttf",
    "NotoSansSC-Regular.ttf",
    "uming.ttc",
    "ukai.ttc",
)
FONT_DIRS = (
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "~/.local/share/fonts",
    "~/.fonts",
    "/Library/Fonts",
    "/System/Library/Fonts",
)


class FontMissing(RuntimeError):
    """No usable CJK font: the message says which package to install."""


@dataclass(frozen=True)
class CjkFont:
    path: Path
    index: int = 0  # face inside a .ttc collection


@cache
def cjk_font() -> CjkFont:
    """The first embeddable CJK font found, registered with reportlab as ``FONT_NAME``."""
    for path in _candidates():
        try:
            pdfmetrics.registerFont(TTFont(FONT_NAME, str(path), subfontIndex=0))
        except (TTFError, OSError):
            continue
        return CjkFont(path)
    raise FontMissing(
        "No TrueType Chinese font found for the demo pages (reportlab cannot embed the "
        f"CFF outlines of Noto CJK). Install one, e.g. `apt-get install -y {DEBIAN_PACKAGE}`."
    )


def _candidates() -> list[Path]:
    found: dict[str, Path] = {}
    for folder in FONT_DIRS:
        root = Path(folder).expanduser()
        if root.is_dir():
            for path in root.rglob("*.tt[cf]"):
                found.setdefault(path.name, path)
    preferred = [found[name] for name in PREFERRED if name in found]
    return preferred + [p for p in _fontconfig_fonts() if p not in preferred]


def _fontconfig_fonts() -> list[Path]:
    """Chinese fonts fontconfig knows of (TrueType files only)."""
    if shutil.which("fc-list") is None:
        return []
    listing = subprocess.run(
        ["fc-list", ":lang=zh", "file"], capture_output=True, text=True, check=False
    ).stdout
    paths = {line.split(":")[0].strip() for line in listing.splitlines()}
    return sorted(Path(p) for p in paths if p.lower().endswith((".ttf", ".ttc")))
