import { Code } from '@mantine/core';

/** A log row's raw record (action code, ids, details), shown under the row it belongs to. */
export function RawRecord({ raw }: { raw: Record<string, unknown> }) {
  return <Code block>{JSON.stringify(raw, null, 2)}</Code>;
}
