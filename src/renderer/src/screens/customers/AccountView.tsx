import { Badge, Button, Checkbox, Group, Modal, NativeSelect, Paper, SimpleGrid, Stack, Table, Text, TextInput, Title, Tooltip } from '@mantine/core';
import { BadgeCell, DataTable } from '../../components/DataTable';
import { useEffect, useState, type FormEvent } from 'react';
import { RESUBSCRIBABLE_LISTS, type AccountDetail, type Notice } from '../../../../shared/contract/customers';
import {
  CONSENT_METHOD_LABELS,
  LIST_LABELS,
  NOTICE_OF_LIST,
  OPT_OUT_REASON_LABELS,
  RESUBSCRIBE_METHODS,
  type MailingList,
} from '../../../../shared/customers-lists';
import { FormError } from '../../components/FormError';
import { call } from '../../lib/call';
import { formatDate, formatDateTime } from '../../lib/format';
import { useSession } from '../../lib/session-store';
import { STATUS_COLORS, STATUS_LABELS, todayIso } from '../../lib/account-status';

const MAIL_STATUS: Record<string, string> = { pending: 'Waiting to be sent', sent: 'Sent', failed: 'Needs attention' };

/**
 * One account: status, product, each list's current state and the full consent history (who,
 * what, when, how, and the notice version). Service notes and billing are not part of it.
 */
export function AccountView({ account, onChanged }: { account: AccountDetail; onChanged?: (a: AccountDetail) => void }) {
  const canProcess = useSession((s) => s.session?.permissions.includes('optouts.process') ?? false);
  const [resubscribe, setResubscribe] = useState<MailingList | null>(null);
  const a = account;
  return (
    <Stack gap="md" aria-label={`Account ${a.id}`} role="region">
      <Group justify="space-between" align="flex-start">
        <Stack gap={2}>
          <Title order={3}>
            {a.name}
          </Title>
          <Text size="sm" c="dimmed">
            Account {a.id} · {a.email}
          </Text>
        </Stack>
        <Badge size="lg" variant="light" color={STATUS_COLORS[a.status]} aria-label={`Status: ${STATUS_LABELS[a.status]}`}>
          {STATUS_LABELS[a.status]}
        </Badge>
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <Field label="Product" value={a.productName} />
        <Field label="Registered" value={formatDateTime(a.createdAt)} />
        <Field
          label="Registration email"
          value={a.registrationEmail ? `${MAIL_STATUS[a.registrationEmail.status] ?? a.registrationEmail.status}${a.registrationEmail.sentAt ? ` (${formatDateTime(a.registrationEmail.sentAt)})` : ''}` : '—'}
        />
      </SimpleGrid>
      {a.status === 'cancelled' && (
        <Paper withBorder p="sm" bg="gray.0">
          <Text size="sm">
            Cancelled {a.cancelledAt ? formatDateTime(a.cancelledAt) : ''}
            {a.cancelReason ? ` · ${OPT_OUT_REASON_LABELS[a.cancelReason]}` : ''}
            {a.cancelNote ? ` · ${a.cancelNote}` : ''}. It comes back only through a new registration.
          </Text>
        </Paper>
      )}

      <Table aria-label="Mailing lists" withTableBorder verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>List</Table.Th>
            <Table.Th>State</Table.Th>
            <Table.Th>Since</Table.Th>
            {canProcess && a.status === 'active' && <Table.Th>Action</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {a.lists.map((l) => (
            <Table.Tr key={l.list}>
              <Table.Td>{LIST_LABELS[l.list]}</Table.Td>
              <BadgeCell color={l.subscribed ? 'teal' : 'gray'}>{l.subscribed ? 'Subscribed' : 'Not subscribed'}</BadgeCell>
              <Table.Td>{l.since ? formatDateTime(l.since) : '—'}</Table.Td>
              {canProcess && a.status === 'active' && (
                <Table.Td>
                  {!l.subscribed && (RESUBSCRIBABLE_LISTS as readonly MailingList[]).includes(l.list) && (
                    <Button size="xs" variant="default" onClick={() => setResubscribe(l.list)}>
                      Re-subscribe to {LIST_LABELS[l.list].toLowerCase()}
                    </Button>
                  )}
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>

      <Title order={4}>Consent history</Title>
      <DataTable label="Consent history" headers={['When', 'List', 'Change', 'How', 'Reason', 'Notice', 'Asked on', 'Taken by']} minWidth={900} striped verticalSpacing="xs">
        {a.history.map((e) => (
          <Table.Tr key={e.id}>
            <Table.Td>{formatDateTime(e.recordedAt)}</Table.Td>
            <Table.Td>{LIST_LABELS[e.list]}</Table.Td>
            <Table.Td>
              {e.action === 'subscribe' ? 'Subscribed' : 'Unsubscribed'}
              {e.cause === 'account_cancelled' && (
                <Text size="xs" c="dimmed">
                  account cancelled
                </Text>
              )}
              {e.cause === 'account_reopened' && (
                <Text size="xs" c="dimmed">
                  account reopened
                </Text>
              )}
            </Table.Td>
            <Table.Td>
              {CONSENT_METHOD_LABELS[e.method]}
              {e.importId !== null && (
                <Text size="xs" c="dimmed">
                  import {e.importId}
                </Text>
              )}
            </Table.Td>
            <Table.Td>
              {e.reason ? OPT_OUT_REASON_LABELS[e.reason] : '—'}
              {e.note && (
                <Text size="xs" c="dimmed">
                  {e.note}
                </Text>
              )}
            </Table.Td>
            <Table.Td>
              {e.notice ? (
                <Tooltip label={`SHA-256 ${e.notice.hash}`}>
                  <Text size="sm" span>
                    {e.notice.id} {e.notice.version}
                  </Text>
                </Tooltip>
              ) : (
                '—'
              )}
            </Table.Td>
            <Table.Td>{formatDate(`${e.requestedOn}T12:00:00`)}</Table.Td>
            <Table.Td>
              {e.staff?.name ?? '—'}
              <Text size="xs" c="dimmed">
                {e.device}
              </Text>
            </Table.Td>
          </Table.Tr>
        ))}
      </DataTable>
      {resubscribe && (
        <ResubscribeDialog
          account={a}
          list={resubscribe}
          onClose={() => setResubscribe(null)}
          onDone={(next) => {
            setResubscribe(null);
            onChanged?.(next);
          }}
        />
      )}
    </Stack>
  );
}

function Field({ label, value }: { label: string; value: string }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="sm">{value}</Text>
    </Stack>
  );
}

/** A re-subscription is a new, explicit consent: the notice text is shown and the customer's agreement confirmed. */
function ResubscribeDialog({ account, list, onClose, onDone }: { account: AccountDetail; list: MailingList; onClose: () => void; onDone: (a: AccountDetail) => void }) {
  const [notice, setNotice] = useState<Notice | null>(null);
  const [method, setMethod] = useState<(typeof RESUBSCRIBE_METHODS)[number]>('phone');
  const [requestedOn, setRequestedOn] = useState(todayIso());
  const [agreed, setAgreed] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void call(window.api.customers.notices({})).then((r) => {
      if (r.ok) setNotice(r.value.find((n) => n.id === NOTICE_OF_LIST[list]) ?? null);
      else setError(r.error.message);
    });
  }, [list]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!notice) return;
    if (!agreed) {
      setError('Confirm that the customer agreed to the notice text.');
      return;
    }
    setBusy(true);
    setError(null);
    const r = await call(
      window.api.customers.resubscribe({
        accountId: account.id,
        list: list as (typeof RESUBSCRIBABLE_LISTS)[number],
        method,
        requestedOn,
        noticeVersion: notice.version,
        confirmed: true,
      }),
    );
    setBusy(false);
    if (r.ok) onDone(r.value);
    else setError(r.error.message);
  };

  const title = `Re-subscribe to ${LIST_LABELS[list].toLowerCase()}`;
  return (
    <Modal opened onClose={onClose} title={title} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm">Read this notice to the customer, or make sure they have read it. Re-subscribing records a new consent citing it.</Text>
          <Paper withBorder p="sm" role="note" aria-label="Notice text">
            <Text size="sm">{notice?.text ?? 'Loading the notice…'}</Text>
            {notice && (
              <Text size="xs" c="dimmed" mt={4}>
                Notice {notice.id} {notice.version}
              </Text>
            )}
          </Paper>
          <NativeSelect
            label="How the customer asked"
            data={RESUBSCRIBE_METHODS.map((m) => ({ value: m, label: CONSENT_METHOD_LABELS[m] }))}
            value={method}
            onChange={(e) => setMethod(e.currentTarget.value as typeof method)}
          />
          <TextInput label="Date of the request" type="date" value={requestedOn} max={todayIso()} onChange={(e) => setRequestedOn(e.currentTarget.value)} />
          <Checkbox label="The customer agreed to this notice text now" checked={agreed} onChange={(e) => setAgreed(e.currentTarget.checked)} />
          <FormError message={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Close
            </Button>
            <Button type="submit" loading={busy} disabled={!notice}>
              Record consent and re-subscribe
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
