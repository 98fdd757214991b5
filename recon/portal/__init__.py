"""Applicant pages (ux.md §2): online filing wizard with drafts, confirmation, the applicant's
case page and the public progress look-up. Owns no tables: drafts and uploads live in
recon.intake.models, cases in recon.cases.models."""
