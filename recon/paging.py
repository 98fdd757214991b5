"""Keyset pagination and bounded counts for every long list (tech-notes §8, issue 17).

A page is read with ``WHERE (k1, k2, id) > (:last...) ORDER BY k1, k2, id LIMIT n``, which an
index on the same keys serves at the same cost on page 1 and page 1,000 (OFFSET reads and drops
every row before the page). The cursor is the last row's keys, opaque to the client. Totals are
counted up to ``COUNT_CAP`` rows and then shown as "10,000+": an exact count over a large table
costs as much as reading it.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, func, select, tuple_
from sqlalchemy.orm import Session

from recon.errors import DomainError
from recon.i18n import gettext

COUNT_CAP = 10_000


@dataclass(frozen=True)
class KeysetPage:
    items: list[Any]
    next_cursor: str | None
    total: int
    total_capped: bool  # True: there are more than `total` rows ("10,000+")


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"dt": value.isoformat()}
    if isinstance(value, date):
        return {"d": value.isoformat()}
    return value


def _typed(value: Any) -> Any:
    if isinstance(value, dict) and "dt" in value:
        return datetime.fromisoformat(value["dt"])
    if isinstance(value, dict) and "d" in value:
        return date.fromisoformat(value["d"])
    return value


def encode_cursor(values: Sequence[Any]) -> str:
    raw = json.dumps([_plain(v) for v in values], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(text: str, size: int, field: str = "cursor",
                  kinds: Sequence[tuple[type, ...]] | None = None) -> tuple[Any, ...]:
    """The keys of a cursor made by ``encode_cursor``; DomainError for anything else. ``kinds``
    (optional): the types each key may have, e.g. ``((date, type(None)), (int,))``, or None for
    a key of any type."""
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        values = json.loads(raw)
        if not isinstance(values, list) or len(values) != size:
            raise ValueError
        keys = tuple(_typed(v) for v in values)
        if kinds is not None and any(allowed is not None and type(k) not in allowed
                                     for k, allowed in zip(keys, kinds, strict=True)):
            raise ValueError
        return keys
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        raise DomainError(gettext("翻页位置无效，请从第一页重新开始"), field=field) from None


def bounded_count(session: Session, query: Select, cap: int = COUNT_CAP) -> tuple[int, bool]:
    """(count, capped): the number of rows of ``query``, counting at most ``cap`` of them."""
    limited = query.order_by(None).limit(cap + 1).subquery()
    n = session.scalar(select(func.count()).select_from(limited)) or 0
    return min(n, cap), n > cap


def keyset_page(
    session: Session,
    query: Select,
    keys: Sequence[Any],
    *,
    per_page: int,
    cursor: str | None = None,
    descending: bool = False,
    count: bool = True,
    offset: int = 0,
) -> KeysetPage:
    """One page of ``query`` ordered by ``keys`` (the last one unique, e.g. the id), all in the
    same direction, after the row the ``cursor`` names.

    The items are the first thing each row selects (e.g. the ``Case``); a key that is not one of
    its attributes (an expression) must be selected after it under the key's label."""
    total, capped = bounded_count(session, query) if count else (0, False)
    if cursor:
        last = decode_cursor(cursor, len(keys), kinds=[_key_kind(k) for k in keys])
        row, after = tuple_(*keys), tuple_(*last)
        query = query.where(row < after if descending else row > after)
    order = [k.desc() for k in keys] if descending else list(keys)
    if offset:  # the old page numbers, kept for clients that still send them
        query, order = _deferred(query, keys, order, offset, per_page + 1, descending)
    rows = session.execute(query.order_by(*order).limit(per_page + 1)).all()
    more = len(rows) > per_page
    rows = rows[:per_page]
    items = [r[0] for r in rows]
    next_cursor = None
    if more and rows:
        next_cursor = encode_cursor([_key_value(rows[-1], k) for k in keys])
    return KeysetPage(items=items, next_cursor=next_cursor, total=total, total_capped=capped)


def _key_kind(key: Any) -> tuple[type, ...] | None:
    """The Python types a cursor may carry for ``key``: its column's type or null; a forged
    cursor with a string where a date belongs would otherwise reach the database as an error."""
    try:
        return (key.type.python_type, type(None))
    except (AttributeError, NotImplementedError):
        return None


def _deferred(query: Select, keys: Sequence[Any], order: list, offset: int, limit: int,
              descending: bool) -> tuple[Select, list]:
    """``query`` joined to the page ``offset`` rows deep, and the order to read it in (a deferred
    join): the skipped rows are counted in a select of the keys alone, which an index on the keys
    answers without reading the table, and only the page's rows are then loaded, in the order the
    page came. OFFSET still counts every skipped entry, so a deep page costs more than a cursor,
    but not a table read per skipped row (README "Scale")."""
    names = [getattr(key, "key", None) or key.name for key in keys]
    page = (query.with_only_columns(*keys).order_by(*order).offset(offset).limit(limit)
            .subquery("page"))
    columns = [page.c[name] for name in names]
    query = query.join(page, keys[-1] == columns[-1])
    return query, [c.desc() for c in columns] if descending else columns


def _key_value(row: Any, key: Any) -> Any:
    name = getattr(key, "key", None) or getattr(key, "name", None)
    mapping = row._mapping
    if name in mapping:
        return mapping[name]
    return getattr(row[0], name)
