"""Signals the document services send, so that the case timeline (cases) records issuing and
service in the same transaction without documents writing case rows (design.md §3: contexts.py
only reads).

* ``timeline_event``: sender the ``Document``; kwargs ``session``, ``case`` (the Case, as read
  through ``contexts``), ``kind``, ``summary``, ``actor``, ``now``, ``payload``, ``dedupe_key``.
  Receivers add their rows and flush at most, never commit.
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

timeline_event = _signals.signal("recon.document.timeline-event")
