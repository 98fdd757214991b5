"""Statutory deadlines: the pure clock (calendar, rules, engine) and its persistence."""
