-- recon on PostgreSQL with two roles (README "Security"): the tables' owner runs the migrations
-- (flask db upgrade), the application connects as a role that owns nothing. That role may read
-- and write the case tables but may only INSERT and SELECT audit_entry: no UPDATE, DELETE or
-- TRUNCATE, and, not being the owner, it cannot disable the table's triggers either.
--
-- Run as the owner after every `flask db upgrade` (new tables need their grants):
--   psql "$OWNER_DATABASE_URL" -v app_role=recon_app -f scripts/grant-app-role.sql
-- The role itself is made once by an administrator:
--   CREATE ROLE recon_app LOGIN PASSWORD '…';  GRANT CONNECT ON DATABASE recon TO recon_app;

GRANT USAGE ON SCHEMA public TO :"app_role";
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO :"app_role";
REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_entry FROM :"app_role";
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON alembic_version FROM :"app_role";
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO :"app_role";
