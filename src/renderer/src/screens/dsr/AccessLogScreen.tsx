import { Button, Group, Loader, Stack, Table, Text, TextInput } from '@mantine/core';
import { DataTable } from '../../components/DataTable';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { AccessLogRow } from '../../../../shared/contract/dsr';
import { FormError } from '../../components/FormError';
import { PageHeader } from '../../components/PageHeader';
import { call } from '../../lib/call';
import { formatDateTime } from '../../lib/format';

/** What a read or export was, in words. Unknown actions are shown as they are. */
const ACTION_LABELS: Record<string, string> = {
  'read.account': 'Viewed the account',
  'read.account_search': 'Searched accounts',
  'read.billing': 'Viewed billing details',
  'read.notes': 'Viewed service notes',
  'read.leads': 'Viewed telemarketing leads',
  'read.entries': 'Viewed contest entries',
  'read.entry': 'Viewed a contest entry',
  'read.dsr_summary': 'Looked up a data subject request',
  'read.access_log': 'Viewed the access log of a person',
  'export.dsr_access': 'Exported the person’s data (access request)',
};

function actionLabel(action: string): string {
  if (ACTION_LABELS[action]) return ACTION_LABELS[action];
  if (action.startsWith('export.')) return `Exported (${action.slice('export.'.length).replace(/_/g, ' ')})`;
  if (action.startsWith('read.')) return `Viewed (${action.slice('read.'.length).replace(/_/g, ' ')})`;
  return action;
}

function whose(r: AccessLogRow): string {
  if (!r.subjectType) return '—';
  const label = { account: 'Account', lead: 'Lead', entry: 'Contest entry' }[r.subjectType] ?? r.subjectType;
  return r.subjectId ? `${label} ${r.subjectId}` : `${label}s (a list)`;
}

/**
 * The managers' access log: who viewed or exported whose personal data (accounts, billing, service
 * notes, leads, entries), newest first. Rows name people by id only; search by email to see
 * everything about one person.
 */
export function AccessLogScreen() {
  const [email, setEmail] = useState('');
  const [applied, setApplied] = useState<string | undefined>(undefined);
  const [rows, setRows] = useState<AccessLogRow[] | null>(null);
  const [next, setNext] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(
    async (before?: number) => {
      const r = await call(window.api.dsr.accessLog({ ...(applied ? { email: applied } : {}), ...(before ? { beforeSeq: before } : {}) }));
      if (!r.ok) {
        setError(r.error.message);
        return;
      }
      setError(null);
      setRows((prev) => (before && prev ? [...prev, ...r.value.rows] : r.value.rows));
      setNext(r.value.nextBeforeSeq);
    },
    [applied],
  );
  useEffect(() => {
    void load();
  }, [load]);

  const filter = (e: FormEvent) => {
    e.preventDefault();
    setRows(null);
    setApplied(email.trim() || undefined);
  };

  return (
    <Stack gap="md">
      <PageHeader
        title="Access log"
        description="Who viewed or exported personal data: accounts, billing details, service notes, leads and contest entries. Enter an email to see only what concerns that person."
      />
      <form onSubmit={filter} role="search" aria-label="Filter the access log">
        <Group align="flex-end" gap="xs">
          <TextInput label="Person's email" description="Leave empty to see every read." type="email" value={email} onChange={(e) => setEmail(e.currentTarget.value)} w={360} />
          <Button type="submit" variant="default">
            Show
          </Button>
        </Group>
      </form>
      <FormError message={error} title="Could not load the access log" />
      {!rows && !error && <Loader aria-label="Loading the access log" />}
      {rows && rows.length === 0 && <Text c="dimmed">No reads of personal data {applied ? 'about this person ' : ''}are recorded.</Text>}
      {rows && rows.length > 0 && (
        <DataTable label="Reads of personal data" headers={['When', 'Staff member', 'What', 'Whose']} minWidth={760} striped verticalSpacing="xs">
          {rows.map((r) => (
            <Table.Tr key={r.seq}>
              <Table.Td>{formatDateTime(r.at)}</Table.Td>
              <Table.Td>{r.actorName}</Table.Td>
              <Table.Td>{actionLabel(r.action)}</Table.Td>
              <Table.Td>{whose(r)}</Table.Td>
            </Table.Tr>
          ))}
        </DataTable>
      )}
      {next !== null && (
        <Group>
          <Button variant="default" onClick={() => void load(next)}>
            Show older
          </Button>
        </Group>
      )}
    </Stack>
  );
}
