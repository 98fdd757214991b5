"""Landing pages: the public guide, the applicant's home and each staff role's home."""
