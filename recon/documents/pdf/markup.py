"""The tiny body markup the templates produce.

* Paragraphs are separated by blank lines; the lines of one paragraph are joined (no space
  between Chinese characters, one space between two Latin words). Body paragraphs get the
  two-character first-line indent.
* ``# 标题`` is a level-1 heading, numbered 一、二、… automatically (sans font).
* ``## 标题`` is a level-2 heading, numbered （一）（二）… and restarted by each level-1 heading.
* ``- 事项`` is a list item, numbered 1．2．… and restarted by anything that is not an item.
  Headings and items that already start with a number (一、 （一） 1． 1.) are not renumbered.
* ``> 文字`` is a paragraph without indent (顶格), e.g. an extra addressee line.
* A leading backslash escapes the marker: ``\\# 不是标题``.

Markup is read from the template's own text only. Values the template prints (people's names,
requests, statements) are wrapped by :func:`literal`: their line breaks become line breaks inside
the paragraph and nothing in them is read as a marker, whatever it contains.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from recon.documents.numbering import chinese_numeral
from recon.i18n import lazy_gettext

__all__ = ["Block", "MissingFact", "TemplateError", "literal", "parse_markup"]


class TemplateError(ValueError):
    """A document template could not be rendered; ``str(err)`` is a Chinese message."""


class MissingFact(ValueError):
    """The wording needs a fact (a date) the record lacks: the document cannot be made yet."""


# Private-use characters that mark a value inside the rendered markup: start, end, and a line
# break that belongs to the value. They never reach the PDF.
_OPEN, _CLOSE, _BREAK = "\ue000", "\ue001", "\ue002"
_SENTINELS = str.maketrans("", "", _OPEN + _CLOSE + _BREAK)
# Everything str.splitlines() breaks on: a value must not start a new markup line.
_LINE_BREAKS = ("\r\n", "\r", "\n", "\v", "\f", "\x1c", "\x1d", "\x1e", "\x85", "\u2028",
                "\u2029")


def literal(value: object) -> str:
    """``value`` as text that :func:`parse_markup` keeps as it is (the Jinja ``finalize``)."""
    text = str(value).translate(_SENTINELS)
    if not text:
        return ""
    for brk in _LINE_BREAKS:
        text = text.replace(brk, _BREAK)
    return _OPEN + text + _CLOSE


def _visible(text: str) -> str:
    """Block text as printed: the literal marks dropped, a value's line breaks kept as "\\n"."""
    return text.replace(_BREAK, "\n").translate(_SENTINELS)


@dataclass(frozen=True)
class Block:
    kind: str  # "p", "plain", "h1", "h2", "li"
    text: str
    prefix: str = ""
    line: int = 0


_NUMBERED = re.compile(
    r"^(?:[一二三四五六七八九十百]+、|[（(][一二三四五六七八九十百\d]+[）)]|\d+[．.、])"
)
_MARKERS = (("## ", "h2"), ("# ", "h1"), ("- ", "li"), ("> ", "plain"))


def _join(left: str, right: str) -> str:
    last, first = left.rstrip(_OPEN + _CLOSE)[-1:], right.lstrip(_OPEN + _CLOSE)[:1]
    if last and first and last.isascii() and last.isalnum() and first.isascii():
        return f"{left} {right}"
    return left + right


def parse_markup(text: str) -> list[Block]:
    """Parse rendered template text into blocks (numbering prefixes filled in)."""
    blocks: list[dict] = []
    current: dict | None = None
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            current = None
            continue
        kind = None
        for marker, marker_kind in _MARKERS:
            if line.startswith(marker) or line == marker.strip():
                kind = marker_kind
                line = line[len(marker) :].strip() if line != marker.strip() else ""
                break
        if kind is None and line[:1] == "\\" and line[1:2] in ("#", "-", ">"):
            line = line[1:]
        if kind in ("h1", "h2") and not line:
            raise TemplateError(lazy_gettext("文书模板第%(line)s行：标题标记“#”后面没有标题文字", line=lineno))
        if kind is None:
            if current is not None and current["kind"] in ("p", "li", "plain"):
                current["text"] = _join(current["text"], line)
                continue
            kind = "p"
        current = {"kind": kind, "text": line, "line": lineno}
        blocks.append(current)
        if kind in ("h1", "h2"):
            current = None  # a heading is one line; what follows starts a paragraph

    out: list[Block] = []
    h1 = h2 = li = 0
    for b in blocks:
        kind, body = b["kind"], b["text"]
        prefix = ""
        if kind != "li":
            li = 0
        if kind == "h1":
            h1 += 1
            h2 = 0
            if not _NUMBERED.match(body):
                prefix = chinese_numeral(h1) + "、"
        elif kind == "h2":
            h2 += 1
            if not _NUMBERED.match(body):
                prefix = f"（{chinese_numeral(h2)}）"
        elif kind == "li":
            li += 1
            if not _NUMBERED.match(body):
                prefix = f"{li}．"
        out.append(Block(kind, _visible(body), prefix, b["line"]))
    return out
