"""Notifications to staff: the in-app inbox (``models.Notification``), and e-mail and SMS through
an outbox table delivered after commit (``outbox``, ``senders``, ``delivery``)."""
