"""The commit point of a filing, shared by the applicant pages, the clerk pages and the API.

A filing is its own transaction. A submission token seen before (already committed, or committed
by a concurrent request while this one waited for the serial's write lock) gives that case back
instead of a second one, whatever path noticed it: the pre-check, the service's AlreadyRegistered,
or the unique constraint.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.exc import IntegrityError

from recon.cases.models import Case
from recon.errors import DomainError
from recon.extensions import db
from recon.intake.services import AlreadyRegistered, Registration, existing_for_token


def file_once(token: str | None, register: Callable[[], Registration],
              find: Callable[[str | None], Case | None] | None = None) -> tuple[Case, bool]:
    """Run `register()` and commit; returns (case, created) — `created` as the Registration says
    (False for materials added to an existing case). `find` looks up what the token
    already filed (default: a case with that submission token). A DomainError is raised after
    the rollback, so nothing of the failed filing is kept."""
    find = find or (lambda t: existing_for_token(db.session, t))
    if (existing := find(token)) is not None:
        return existing, False
    db.session.commit()  # end the read transaction: the service starts with the serial UPDATE
    try:
        result = register()
        db.session.commit()
    except AlreadyRegistered as exc:
        db.session.rollback()
        return db.session.get(Case, exc.case_id), False
    except IntegrityError:
        db.session.rollback()
        if (existing := find(token)) is None:
            raise
        return existing, False
    except DomainError:
        db.session.rollback()
        raise
    return result.case, result.created
