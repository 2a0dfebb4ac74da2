import { Alert, Stack, Table, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { ImportHistoryRow } from '../../../../shared/contract/optouts';
import { BadgeCell, DataTable } from '../../components/DataTable';
import { FormError } from '../../components/FormError';
import { call } from '../../lib/call';
import { formatCount, formatDateTime } from '../../lib/format';

const STATE_LABELS: Record<ImportHistoryRow['state'], { label: string; color: string }> = {
  finished: { label: 'Finished', color: 'green' },
  running: { label: 'Being applied', color: 'blue' },
  stopped: { label: 'Did not finish', color: 'yellow' },
  resumed: { label: 'Finished later', color: 'gray' },
};

function outcome(r: ImportHistoryRow): string {
  if (r.counts) return `${formatCount(r.counts.changedRows)} changed, ${formatCount(r.counts.unchangedRows)} already in effect; ${formatCount(r.counts.cancelledAccounts)} accounts cancelled`;
  if (r.state === 'resumed') return 'Finished by a later import of the same file';
  if (r.state === 'stopped') return 'Apply the same file again to finish';
  return '—';
}

/**
 * The newest imports, so one that stopped part way (cancelled, or the app closed) is not forgotten:
 * applying the same file again finishes it. `refresh` changes whenever an import task ends.
 */
export function ImportHistory({ refresh }: { refresh: string }) {
  const [rows, setRows] = useState<ImportHistoryRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void call(window.api.optouts.imports({})).then((r) => {
      if (!live) return;
      if (r.ok) {
        setRows(r.value);
        setError(null);
      } else setError(r.error.message);
    });
    return () => {
      live = false;
    };
  }, [refresh]);

  if (error) return <FormError message={error} title="Earlier imports not loaded" />;
  if (!rows || rows.length === 0) return null;
  const stopped = rows.filter((r) => r.state === 'stopped');
  return (
    <Stack gap="sm">
      {stopped.map((r) => (
        <Alert key={r.importId} color="yellow" variant="light" title={`Import ${r.importId} did not finish`}>
          {r.fileName}, started {formatDateTime(r.startedAt)} by {r.staffName}, stopped before the end. The rows it applied stay applied. Choose the same file and apply it again to
          finish; rows already in effect are skipped.
        </Alert>
      ))}
      <Title order={4}>Earlier imports</Title>
      <DataTable label="Earlier imports" headers={['Import', 'File', 'Started', 'By', 'Rows', 'State', 'Outcome']} minWidth={760} striped verticalSpacing={4}>
        {rows.map((r) => (
          <Table.Tr key={r.importId}>
            <Table.Td>{r.importId}</Table.Td>
            <Table.Td>
              <Text size="sm" title={`SHA-256 ${r.sha256}`}>
                {r.fileName}
              </Text>
            </Table.Td>
            <Table.Td>{formatDateTime(r.startedAt)}</Table.Td>
            <Table.Td>{r.staffName}</Table.Td>
            <Table.Td>{formatCount(r.totalRows)}</Table.Td>
            <BadgeCell color={STATE_LABELS[r.state].color}>{STATE_LABELS[r.state].label}</BadgeCell>
            <Table.Td>{outcome(r)}</Table.Td>
          </Table.Tr>
        ))}
      </DataTable>
    </Stack>
  );
}
