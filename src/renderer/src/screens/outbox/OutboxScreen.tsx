import { Alert, Button, Group, Loader, SegmentedControl, Stack, Table, Text } from '@mantine/core';
import { BadgeCell, DataTable } from '../../components/DataTable';
import { useCallback, useEffect, useState } from 'react';
import type { OutboxList, OutboxStatus } from '../../../../shared/contract/outbox';
import { FormError } from '../../components/FormError';
import { PageHeader } from '../../components/PageHeader';
import { StatusMessage } from '../../components/StatusMessage';
import { call } from '../../lib/call';
import { formatCount, formatDateTime } from '../../lib/format';

const STATUS_LABELS: Record<OutboxStatus, string> = { pending: 'Pending', sent: 'Sent', failed: 'Needs attention' };
const STATUS_COLORS: Record<OutboxStatus, string> = { pending: 'blue', sent: 'teal', failed: 'red' };
type Filter = OutboxStatus | 'all';

/**
 * The mail outbox: registration emails waiting, sent, or needing attention after repeated
 * failures (they are still retried, never dropped). "Send now" retries everything at once.
 */
export function OutboxScreen() {
  const [filter, setFilter] = useState<Filter>('all');
  const [list, setList] = useState<OutboxList | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  const load = useCallback(async () => {
    const r = await call(window.api.outbox.list(filter === 'all' ? {} : { status: filter }));
    if (r.ok) {
      setList(r.value);
      setError(null);
    } else setError(r.error.message);
  }, [filter]);

  useEffect(() => {
    void load();
  }, [load]);

  const sendNow = async () => {
    setSending(true);
    setStatus(null);
    const r = await call(window.api.outbox.sendNow({}));
    setSending(false);
    if (!r.ok) {
      setError(r.error.message);
      return;
    }
    const v = r.value;
    if (!v.relayConfigured) setStatus('No SMTP relay is set, so nothing was sent. Mail stays here until an admin sets the relay in Settings.');
    else if (v.attempted === 0) setStatus('Nothing was waiting to be sent.');
    else setStatus(`Sent ${v.sent} of ${v.attempted}.${v.failed ? ` ${v.failed} failed and will be retried: ${v.lastError ?? ''}` : ''}`);
    await load();
  };

  return (
    <Stack gap="md">
      <PageHeader
        title="Mail outbox"
        description="Registration emails leave through the SMTP relay set in Settings. Mail that cannot be sent is retried with growing pauses and is never dropped; after repeated failures it is marked as needing attention."
        actions={
          <Button onClick={() => void sendNow()} loading={sending}>
            Send now
          </Button>
        }
      />
      <StatusMessage message={status} onClose={() => setStatus(null)} />
      <FormError message={error} title="Could not load the outbox" />
      {list && !list.relayConfigured && (
        <Alert color="yellow" variant="light" title="No SMTP relay set">
          Mail waits here until an admin sets the SMTP relay in Settings. Registration works meanwhile.
        </Alert>
      )}
      <Group justify="space-between">
        <SegmentedControl
          aria-label="Show mail"
          value={filter}
          onChange={(v) => setFilter(v as Filter)}
          data={[
            { value: 'all', label: 'All' },
            { value: 'pending', label: `Pending${list ? ` (${formatCount(list.counts.pending)})` : ''}` },
            { value: 'failed', label: `Needs attention${list ? ` (${formatCount(list.counts.failed)})` : ''}` },
            { value: 'sent', label: `Sent${list ? ` (${formatCount(list.counts.sent)})` : ''}` },
          ]}
        />
        <Button variant="default" onClick={() => void load()}>
          Refresh
        </Button>
      </Group>
      {!list && !error && <Loader aria-label="Loading the outbox" />}
      {list && list.rows.length === 0 && <Text c="dimmed">No mail here.</Text>}
      {list && list.rows.length > 0 && (
        <DataTable label="Mail outbox" headers={['Queued', 'To', 'Subject', 'Status', 'Attempts', 'Next attempt / sent', 'Last error']} minWidth={980} striped verticalSpacing="xs">
          {list.rows.map((m) => (
            <Table.Tr key={m.id}>
              <Table.Td>{formatDateTime(m.createdAt)}</Table.Td>
              <Table.Td>
                {m.to}
                {m.accountId !== null && (
                  <Text size="xs" c="dimmed">
                    account {m.accountId}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{m.subject}</Table.Td>
              <BadgeCell color={STATUS_COLORS[m.status]}>{STATUS_LABELS[m.status]}</BadgeCell>
              <Table.Td>{m.attempts}</Table.Td>
              <Table.Td>{m.sentAt ? formatDateTime(m.sentAt) : m.nextAttemptAt ? formatDateTime(m.nextAttemptAt) : '—'}</Table.Td>
              <Table.Td>
                <Text size="sm" c={m.lastError ? 'red' : undefined} maw={320} style={{ wordBreak: 'break-word' }}>
                  {m.lastError ?? '—'}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </DataTable>
      )}
    </Stack>
  );
}
