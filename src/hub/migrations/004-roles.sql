-- Two roles keep contest data and customer data apart (policy 2d): code working for one side runs
-- its statements under that side's role, and PostgreSQL refuses it the other side's tables.
-- Roles belong to the cluster, so another hub database on the same server may have made them.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ixo_hub_contest') THEN
    CREATE ROLE ixo_hub_contest NOLOGIN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ixo_hub_customer') THEN
    CREATE ROLE ixo_hub_customer NOLOGIN;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  NULL;
END $$;
GRANT ixo_hub_contest TO CURRENT_USER;
GRANT ixo_hub_customer TO CURRENT_USER;

REVOKE ALL ON SCHEMA contest, customer, hub FROM PUBLIC;
GRANT USAGE ON SCHEMA contest TO ixo_hub_contest;
GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA contest TO ixo_hub_contest;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA contest TO ixo_hub_contest;
GRANT USAGE ON SCHEMA customer TO ixo_hub_customer;
GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA customer TO ixo_hub_customer;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA customer TO ixo_hub_customer;
