"""Database triggers that make audit_entry append-only (also for raw SQL, not only the ORM).

PostgreSQL row triggers do not fire on TRUNCATE, so a statement trigger refuses it too; it also
fires when ``TRUNCATE "case" CASCADE`` reaches audit_entry. A table's owner can still disable
triggers: the application connects as a role that owns nothing and may only INSERT and SELECT
audit_entry (README "Security"; scripts/grant-app-role.sql), and the hash chain
(recon/audit/chain.py) makes a deletion evident even to the owner. SQLite has no TRUNCATE, and its
DELETE-everything shortcut is off for a table with triggers."""

from sqlalchemy import DDL, event

from recon.audit.models import AuditEntry

SQLITE_TRIGGERS = (
    "CREATE TRIGGER IF NOT EXISTS audit_entry_no_update BEFORE UPDATE ON audit_entry "
    "BEGIN SELECT RAISE(ABORT, 'audit_entry is append-only'); END",
    "CREATE TRIGGER IF NOT EXISTS audit_entry_no_delete BEFORE DELETE ON audit_entry "
    "BEGIN SELECT RAISE(ABORT, 'audit_entry is append-only'); END",
)
POSTGRES_TRIGGERS = (
    "CREATE OR REPLACE FUNCTION recon_audit_immutable() RETURNS trigger AS $$ "
    "BEGIN RAISE EXCEPTION 'audit_entry is append-only'; END $$ LANGUAGE plpgsql",
    "DROP TRIGGER IF EXISTS audit_entry_immutable ON audit_entry",
    "CREATE TRIGGER audit_entry_immutable BEFORE UPDATE OR DELETE ON audit_entry "
    "FOR EACH ROW EXECUTE FUNCTION recon_audit_immutable()",
    "DROP TRIGGER IF EXISTS audit_entry_no_truncate ON audit_entry",
    "CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry "
    "FOR EACH STATEMENT EXECUTE FUNCTION recon_audit_immutable()",
)


def trigger_statements(dialect_name: str) -> tuple[str, ...]:
    return POSTGRES_TRIGGERS if dialect_name == "postgresql" else SQLITE_TRIGGERS


for _sql in SQLITE_TRIGGERS:
    event.listen(AuditEntry.__table__, "after_create", DDL(_sql).execute_if(dialect="sqlite"))
for _sql in POSTGRES_TRIGGERS:
    event.listen(AuditEntry.__table__, "after_create", DDL(_sql).execute_if(dialect="postgresql"))
