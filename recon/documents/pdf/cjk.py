"""Chinese line breaking for ReportLab paragraphs (标点禁则).

ReportLab's ``wordWrap='CJK'`` cuts "like a knife": it lets only a few (mostly Japanese)
punctuation marks hang, so a line can start with "，" or "；" and can end with "《" or "（".
:class:`CJKParagraph` keeps ReportLab's paragraph and replaces only the line splitter of plain
(single-style) paragraphs:

* a closing mark that does not fit hangs in the right margin (at most two, e.g. "。”"), the way
  Word does with "允许标点溢出边界";
* no line ends with an opening mark: it moves down with the next character;
* a run of Latin letters or digits (a year, an ID number, a tracking number) is not cut unless it
  is longer than half a line;
* "——" and "……" are never split.
"""

from __future__ import annotations

from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Paragraph
from reportlab.rl_config import _FUZZ

__all__ = ["CJKParagraph", "split_cjk"]

CLOSING = set("，。、；：？！）》」』】〕〉”’…—%％‰℃°,.;:?!)]}")
OPENING = set("（《「『【〔〈“‘([{")
PAIRED = set("—…")

_widths: dict[tuple[str, float], dict[str, float]] = {}


def _char_widths(text: str, font_name: str, size: float) -> list[float]:
    table = _widths.setdefault((font_name, size), {})
    font = None
    out = []
    for ch in text:
        w = table.get(ch)
        if w is None:
            if font is None:
                font = pdfmetrics.getFont(font_name)
            w = table[ch] = font.stringWidth(ch, size)
        out.append(w)
    return out


def _is_word(ch: str) -> bool:
    return ch.isascii() and not ch.isspace() and ch not in CLOSING and ch not in OPENING


def split_cjk(
    text: str, font_name: str, size: float, max_widths: list[float]
) -> list[tuple[float, str]]:
    """Break ``text`` into ``(extra_space, line)`` pairs, ReportLab's kind-0 line format."""
    widths = _char_widths(text, font_name, size)
    n = len(text)
    lines: list[tuple[float, str]] = []
    start = 0
    while start < n:
        max_w = max_widths[min(len(lines), len(max_widths) - 1)]
        used = 0.0
        i = start
        while i < n and used + widths[i] <= max_w + _FUZZ:
            used += widths[i]
            i += 1
        if i >= n:
            lines.append((max_w - used, text[start:]))
            break
        end = max(i, start + 1)  # always make progress
        if end == i and text[end] in CLOSING:
            # hang up to two closing marks in the margin instead of starting a line with them
            end += 1
            if end < n and text[end] in CLOSING:
                end += 1
        else:
            # never end a line with an opening mark
            while end - 1 > start and text[end - 1] in OPENING:
                end -= 1
            # keep "——" / "……" together
            if end - 1 > start and text[end] in PAIRED and text[end - 1] == text[end]:
                end -= 1
            # do not cut a short Latin word or number
            if end < n and _is_word(text[end]) and _is_word(text[end - 1]):
                j = end - 1
                while j > start and _is_word(text[j - 1]):
                    j -= 1
                if j > start and sum(widths[j:end]) < max_w / 2:
                    end = j
                    while end - 1 > start and text[end - 1] in OPENING:
                        end -= 1
        line = text[start:end]
        lines.append((max_w - sum(widths[start:end]), line))
        start = end
        while start < n and text[start] == " ":
            start += 1
    return lines


class CJKParagraph(Paragraph):
    """A Paragraph whose plain CJK text is broken with :func:`split_cjk`."""

    def breakLinesCJK(self, maxWidths):  # noqa: N802, N803 - ReportLab's API names
        if not isinstance(maxWidths, (list, tuple)):
            maxWidths = [maxWidths]
        frags = self.frags
        style = self.style
        if (
            len(frags) == 1
            and not hasattr(frags[0], "cbDefn")
            and not style.endDots
            and not self.bulletText
        ):
            f = frags[0]
            if hasattr(self, "blPara") and getattr(self, "_splitpara", 0):
                return f.clone(kind=0, lines=self.blPara.lines)
            self.height = 0
            text = f.text if hasattr(f, "text") else "".join(getattr(f, "words", []))
            lines = split_cjk(text, f.fontName, f.fontSize, list(maxWidths))
            return f.clone(
                kind=0,
                lines=[(space, [line]) for space, line in lines],
                ascent=f.fontSize,
                descent=-0.2 * f.fontSize,
            )
        return super().breakLinesCJK(maxWidths)
