-- The device whose push wrote each merged field's current value. A device's replica feed leaves out
-- the records all of whose fields it wrote itself (it holds them already; staff, settings, accounts
-- and consent only), except when it reads the feed from the beginning. Fields written before this
-- column existed have none, so they go to every device as before.
ALTER TABLE replica.fields ADD COLUMN device_id uuid;
