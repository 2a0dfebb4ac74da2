import { Alert, Stack, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import type { ImportHistoryRow } from '../../../../shared/contract/optouts';
import { badgeCell, DataTable } from '../../components/DataTable';
import type { StatusColor } from '../../components/StatusBadge';
import { FormError } from '../../components/FormError';
import { channelKey, useChannelQuery } from '../../data';
import { useFormat, useT, type Formats, type Translate } from '../../i18n';

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
  const history = useChannelQuery('optouts.imports', {});
  // An import task that starts or ends changes the history: read it again then.
  const client = useQueryClient();
  const seen = useRef(refresh);
  useEffect(() => {
    if (seen.current === refresh) return;
    seen.current = refresh;
    void client.invalidateQueries({ queryKey: channelKey('optouts.imports', {}) });
  }, [refresh, client]);
  const rows = history.data ?? null;
  const error = history.errorMessage;

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
        rows={rows}
        rowKey={(r) => r.importId}
        minWidth={760}
        striped
        verticalSpacing={4}
        columns={[
          { id: 'import', header: t('importHistory.col.import'), cell: (r) => r.importId, sortValue: (r) => r.importId },
          {
            id: 'file',
            header: t('importHistory.col.file'),
            sortValue: (r) => r.fileName,
            cell: (r) => (
              <Text size="sm" title={t('account.noticeHash', { hash: r.sha256 })}>
                {r.fileName}
              </Text>
            ),
          },
          { id: 'started', header: t('importHistory.col.started'), nowrap: true, cell: (r) => f.dateTime(r.startedAt), sortValue: (r) => r.startedAt },
          { id: 'by', header: t('importHistory.col.by'), cell: (r) => r.staffName, sortValue: (r) => r.staffName },
          { id: 'rows', header: t('importHistory.col.rows'), cell: (r) => f.number(r.totalRows), sortValue: (r) => r.totalRows },
          { id: 'state', header: t('account.col.state'), nowrap: true, cell: (r) => badgeCell(STATE_COLORS[r.state], t(`importHistory.state.${r.state}`)), sortValue: (r) => t(`importHistory.state.${r.state}`) },
          { id: 'outcome', header: t('importHistory.col.outcome'), cell: (r) => outcome(t, r) },
        ]}
      />
    </Stack>
  );
}
