import { Alert, Stack, Table, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { ImportHistoryRow } from '../../../../shared/contract/optouts';
import { BadgeCell, DataTable } from '../../components/DataTable';
import type { StatusColor } from '../../components/StatusBadge';
import { FormError } from '../../components/FormError';
import { call } from '../../lib/call';
import { useErrorText, useFormat, useT, type Formats, type Translate } from '../../i18n';

const STATE_COLORS: Record<ImportHistoryRow['state'], StatusColor> = { finished: 'green', running: 'blue', stopped: 'yellow', resumed: 'gray' };

function outcome(t: Translate, r: ImportHistoryRow): string {
  if (r.counts) return t('importHistory.outcome', { changed: r.counts.changedRows, unchanged: r.counts.unchangedRows, cancelled: r.counts.cancelledAccounts });
  if (r.state === 'resumed') return t('importHistory.resumed');
  if (r.state === 'stopped') return t('importHistory.applyAgain');
  return '—';
}

/**
 * The newest imports, so one that stopped part way (cancelled, or the app closed) is not forgotten:
 * applying the same file again finishes it. `refresh` changes whenever an import task ends.
 */
export function ImportHistory({ refresh }: { refresh: string }) {
  const t = useT();
  const f: Formats = useFormat();
  const errorText = useErrorText();
  const [rows, setRows] = useState<ImportHistoryRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void call(window.api.optouts.imports({})).then((r) => {
      if (!live) return;
      if (r.ok) {
        setRows(r.value);
        setError(null);
      } else setError(errorText(r.error));
    });
    return () => {
      live = false;
    };
  }, [refresh, errorText]);

  if (error) return <FormError message={error} title={t('importHistory.notLoaded')} />;
  if (!rows || rows.length === 0) return null;
  const stopped = rows.filter((r) => r.state === 'stopped');
  return (
    <Stack gap="sm">
      {stopped.map((r) => (
        <Alert key={r.importId} color="yellow" variant="light" title={t('importHistory.stoppedTitle', { id: r.importId })}>
          {t('importHistory.stoppedBody', { file: r.fileName, when: f.dateTime(r.startedAt), name: r.staffName })}
        </Alert>
      ))}
      <Title order={4}>{t('importHistory.title')}</Title>
      <DataTable
        label={t('importHistory.title')}
        headers={[t('importHistory.col.import'), t('importHistory.col.file'), t('importHistory.col.started'), t('importHistory.col.by'), t('importHistory.col.rows'), t('account.col.state'), t('importHistory.col.outcome')]} minWidth={760} striped verticalSpacing={4}>
        {rows.map((r) => (
          <Table.Tr key={r.importId}>
            <Table.Td>{r.importId}</Table.Td>
            <Table.Td>
              <Text size="sm" title={t('account.noticeHash', { hash: r.sha256 })}>
                {r.fileName}
              </Text>
            </Table.Td>
            <Table.Td>{f.dateTime(r.startedAt)}</Table.Td>
            <Table.Td>{r.staffName}</Table.Td>
            <Table.Td>{f.number(r.totalRows)}</Table.Td>
            <BadgeCell color={STATE_COLORS[r.state]}>{t(`importHistory.state.${r.state}`)}</BadgeCell>
            <Table.Td>{outcome(t, r)}</Table.Td>
          </Table.Tr>
        ))}
      </DataTable>
    </Stack>
  );
}
