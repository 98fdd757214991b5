"""Applicant pages (ux.md §2), one blueprint whose routes live in one module per page group:
the filing wizard (wizard.py), the applicant's own cases (my_cases.py), the correction supplement
(correction.py) and the public progress look-up (lookup.py)."""

from recon.portal import correction, lookup, my_cases, wizard  # noqa: F401  (each registers its routes on bp)
from recon.portal.common import bp

__all__ = ["bp"]
