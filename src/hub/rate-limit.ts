import type { Pool } from './db';
import { HubError } from './errors';

/**
 * Counts a hit in a fixed window shared by every hub process (the counter lives in PostgreSQL) and
 * refuses with rate_limited once `limit` hits are exceeded in the window.
 */
export async function hit(pool: Pool, bucket: string, limit: number, windowS: number): Promise<void> {
  const r = await pool.query<{ hits: number; retry: number }>(
    `INSERT INTO hub.rate_limits (bucket, window_start, hits)
     VALUES ($1, to_timestamp(floor(extract(epoch FROM now()) / $2) * $2), 1)
     ON CONFLICT (bucket, window_start) DO UPDATE SET hits = hub.rate_limits.hits + 1
     RETURNING hits, ceil(extract(epoch FROM window_start + make_interval(secs => $2) - now()))::int AS retry`,
    [bucket, windowS],
  );
  const row = r.rows[0]!;
  if (row.hits > limit) {
    throw new HubError('rate_limited', 'Too many enrollment attempts from this address. Wait and try again.', { retryAfterS: Math.max(1, row.retry) });
  }
  // Old windows are cleared now and then by whoever passes.
  if (Math.random() < 0.01) await pool.query("DELETE FROM hub.rate_limits WHERE window_start < now() - interval '1 day'");
}
