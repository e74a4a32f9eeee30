"""Putting a line of text on a page: alignment, justification and faux bold.

One function, used by the stories and the page furniture alike, so every piece
of text on a demo page is set the same way.
"""

from __future__ import annotations

from reportlab.pdfgen.canvas import Canvas

from .fonts import FONT_NAME
from .layout import PAGE_H
from .typeset import COLUMN_LOGO, Line, width_of


def draw_line(canvas: Canvas, line: Line, x: float, top: float, width: float) -> None:
    """One line of text whose line box starts ``top`` points from the top of the page."""
    style = line.style
    text_width = width_of(line.text, style.size)
    space = 0.0
    if line.justify and len(line.text) > 1:
        space = min((width - text_width) / (len(line.text) - 1), style.size * 0.4)
    if style.align == "center":
        x += (width - text_width) / 2
    elif style.align == "right":
        x += width - text_width
    baseline = PAGE_H - (top + (style.leading - style.size) / 2 + style.size * 0.86)
    canvas.saveState()  # text state (Tr, Tc) outlives a text object; keep it to this line
    if style is COLUMN_LOGO:
        canvas.setFillColorRGB(0.7, 0.1, 0.12)
        canvas.rect(x - 4, baseline - 4, text_width + 8, style.size + 6, stroke=0, fill=1)
    text = canvas.beginText(x, baseline)
    text.setFont(FONT_NAME, style.size)
    text.setCharSpace(space)
    text.setFillColorRGB(*style.color)
    if style.bold:  # the font has no bold face: stroke the outline as well
        text.setStrokeColorRGB(*style.color)
        canvas.setLineWidth(style.size * 0.035)
        text.setTextRenderMode(2)
    text.textOut(line.text)
    canvas.drawText(text)
    canvas.restoreState()
