import { Alert, Button, Group, Loader, SegmentedControl, Stack, Text } from '@mantine/core';
import { badgeCell, DataTable } from '../../components/DataTable';
import type { StatusColor } from '../../components/StatusBadge';
import { useState } from 'react';
import type { OutboxStatus } from '../../../../shared/contract/outbox';
import { FormError } from '../../components/FormError';
import { PageHeader } from '../../components/PageHeader';
import { StatusMessage } from '../../components/StatusMessage';
import { useChannelMutation, useChannelQuery } from '../../data';
import { useErrorText, useFormat, useT } from '../../i18n';

const STATUS_COLORS: Record<OutboxStatus, StatusColor> = { pending: 'blue', sent: 'teal', failed: 'red', withdrawn: 'gray' };
type Filter = OutboxStatus | 'all';
/** Messages a page; the core keeps the pages, newest first. */
const PAGE = 100;

/**
 * The mail outbox: registration emails waiting, sent, or needing attention after repeated
 * failures (they are still retried, never dropped). "Send now" retries everything at once.
 */
export function OutboxScreen() {
  const t = useT();
  const f = useFormat();
  const errorText = useErrorText();
  const [filter, setFilter] = useState<Filter>('all');
  const [page, setPage] = useState(1);
  const [status, setStatus] = useState<string | null>(null);
  // Keyed by the filter and page: an answer for an earlier one never shows under a later one.
  const query = useChannelQuery('outbox.list', { ...(filter === 'all' ? {} : { status: filter }), ...(page > 1 ? { offset: (page - 1) * PAGE, limit: PAGE } : {}) });
  const list = query.data ?? null;
  const send = useChannelMutation('outbox.sendNow');
  const error = query.errorMessage ?? (send.problem ? errorText(send.problem) : null);

  const sendNow = async () => {
    setStatus(null);
    const r = await send.run({});
    if (!r.ok) return;
    const v = r.value;
    if (!v.relayConfigured) setStatus(t('outbox.noRelaySent'));
    else if (v.attempted === 0) setStatus(t('outbox.nothingWaiting'));
    else setStatus(`${t('outbox.sent', { sent: v.sent, attempted: v.attempted })}${v.failed ? ` ${t('outbox.failed', { count: v.failed, error: v.lastError ?? '' })}` : ''}`);
  };

  return (
    <Stack gap="md">
      <PageHeader
        title={t('nav.outbox')}
        description={t('outbox.description')}
        actions={
          <Button onClick={() => void sendNow()} loading={send.isPending}>
            {t('outbox.sendNow')}
          </Button>
        }
      />
      <StatusMessage message={status} onClose={() => setStatus(null)} />
      <FormError message={error} title={t('outbox.loadFailed')} />
      {list && !list.relayConfigured && (
        <Alert color="yellow" variant="light" title={t('outbox.noRelay')}>
          {t('outbox.noRelayBody')}
        </Alert>
      )}
      <Group justify="space-between">
        <SegmentedControl
          aria-label={t('outbox.show')}
          value={filter}
          onChange={(v) => {
            setFilter(v as Filter);
            setPage(1);
          }}
          data={[
            { value: 'all', label: t('outbox.all') },
            ...(['pending', 'failed', 'sent', 'withdrawn'] as const).map((s) => ({ value: s, label: list ? t('outbox.filterCount', { label: t(`outbox.status.${s}`), count: list.counts[s] }) : t(`outbox.status.${s}`) })),
          ]}
        />
        <Button variant="default" onClick={() => void query.refetch()} loading={query.isFetching}>
          {t('outbox.refresh')}
        </Button>
      </Group>
      {!list && !error && <Loader aria-label={t('outbox.loading')} />}
      {list && list.rows.length === 0 && <Text c="dimmed">{t('outbox.empty')}</Text>}
      {list && list.rows.length > 0 && (
        <DataTable
          label={t('nav.outbox')}
          rows={list.rows}
          rowKey={(m) => m.id}
          paging={{ page, pageSize: PAGE, total: list.total, onPageChange: setPage }}
          minWidth={980}
          striped
          verticalSpacing="xs"
          columns={[
            { id: 'queued', header: t('outbox.col.queued'), cell: (m) => f.dateTime(m.createdAt) },
            {
              id: 'to',
              header: t('outbox.col.to'),
              cell: (m) => (
                <>
                  {m.to}
                  {m.accountId !== null && (
                    <Text size="xs" c="dimmed">
                      {t('outbox.account', { id: m.accountId })}
                    </Text>
                  )}
                </>
              ),
            },
            { id: 'subject', header: t('outbox.col.subject'), cell: (m) => m.subject },
            { id: 'status', header: t('accounts.col.status'), nowrap: true, cell: (m) => badgeCell(STATUS_COLORS[m.status], t(`outbox.status.${m.status}`)) },
            { id: 'attempts', header: t('outbox.col.attempts'), cell: (m) => m.attempts },
            { id: 'next', header: t('outbox.col.next'), cell: (m) => (m.sentAt ? f.dateTime(m.sentAt) : m.withdrawnAt ? f.dateTime(m.withdrawnAt) : m.nextAttemptAt ? f.dateTime(m.nextAttemptAt) : '—') },
            {
              id: 'error',
              header: t('outbox.col.lastError'),
              cell: (m) => (
                <Text size="sm" c={m.lastError && !m.withdrawnReason ? 'var(--mantine-color-error)' : undefined} maw={320} style={{ wordBreak: 'break-word' }}>
                  {m.withdrawnReason ? t(`outbox.withdrawn.${m.withdrawnReason}`) : (m.lastError ?? '—')}
                </Text>
              ),
            },
          ]}
        />
      )}
    </Stack>
  );
}
