"""好差评 (ux.md A15): the applicant's evaluation of the service, once per case and stage, and the
follow-up (回访) of every 差评."""
