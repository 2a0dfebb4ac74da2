-- Lifts travel too: a new consent clears a list's bit on every device. Each hash keeps, per list, the
-- time of the change that decided it (stamps[1..3] for the bits 1, 2, 4); a change older than that is
-- ignored, and at the same instant an opt-out wins. A hash whose every opt-out was lifted keeps its
-- row with lists = 0, so the lift reaches devices and a late, older opt-out still loses.
ALTER TABLE customer.suppression DROP CONSTRAINT suppression_lists_check;
ALTER TABLE customer.suppression ADD CONSTRAINT suppression_lists_range CHECK (lists BETWEEN 0 AND 7);
ALTER TABLE customer.suppression ADD COLUMN stamps timestamptz[] NOT NULL DEFAULT '{-infinity,-infinity,-infinity}';
ALTER TABLE customer.suppression_items ADD COLUMN cleared integer NOT NULL DEFAULT 0;

-- Applies changes in array order (the caller sorts by hash, then time, so concurrent writers lock
-- hashes in one order). A change of state moves the hash to the feed's end.
CREATE FUNCTION customer.apply_suppression(hs bytea[], sets integer[], clears integer[], ats timestamptz[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  n integer;
  cur integer;
  st timestamptz[];
  nxt integer;
  b integer;
BEGIN
  FOR n IN 1 .. coalesce(array_length(hs, 1), 0) LOOP
    INSERT INTO customer.suppression (email_hmac, lists) VALUES (hs[n], 0) ON CONFLICT (email_hmac) DO NOTHING;
    SELECT lists, stamps INTO cur, st FROM customer.suppression WHERE email_hmac = hs[n] FOR UPDATE;
    nxt := cur;
    FOR i IN 0 .. 2 LOOP
      b := 1 << i;
      IF (sets[n] & b) <> 0 AND ats[n] >= st[i + 1] THEN
        nxt := nxt | b;
        st[i + 1] := ats[n];
      ELSIF (clears[n] & b) <> 0 AND ats[n] > st[i + 1] THEN
        nxt := nxt & ~b;
        st[i + 1] := ats[n];
      END IF;
    END LOOP;
    IF nxt <> cur THEN
      UPDATE customer.suppression SET lists = nxt, stamps = st, xid = pg_current_xact_id(), seq = nextval('customer.feed_seq') WHERE email_hmac = hs[n];
    ELSE
      UPDATE customer.suppression SET stamps = st WHERE email_hmac = hs[n] AND stamps IS DISTINCT FROM st;
    END IF;
  END LOOP;
END $$;
REVOKE ALL ON FUNCTION customer.apply_suppression(bytea[], integer[], integer[], timestamptz[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION customer.apply_suppression(bytea[], integer[], integer[], timestamptz[]) TO ixo_hub_customer;
