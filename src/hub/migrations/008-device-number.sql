-- Each office device gets a small number, in the order they enrolled: the prefix of the account
-- numbers it gives (`<number>-<local number>`), so numbers made on different devices never collide
-- and stay short enough to read out. Booths have none. A device enrolled again gets a new number.
CREATE SEQUENCE hub.device_number_seq;
ALTER TABLE hub.devices ADD COLUMN number integer UNIQUE CHECK (number BETWEEN 1 AND 9999);

WITH n AS (SELECT id, row_number() OVER (ORDER BY enrolled_at, id) AS k FROM hub.devices WHERE profile = 'office')
UPDATE hub.devices d SET number = n.k FROM n WHERE d.id = n.id;
SELECT setval('hub.device_number_seq', coalesce((SELECT max(number) FROM hub.devices), 0) + 1, false);
