import { Button, Group, Loader, Stack, Table, Text, TextInput } from '@mantine/core';
import { BadgeCell, DataTable } from '../../components/DataTable';
import { useState, type FormEvent } from 'react';
import type { AccountDetail, AccountSummary } from '../../../../shared/contract/customers';
import { FormError } from '../../components/FormError';
import { PageHeader } from '../../components/PageHeader';
import { StatusMessage } from '../../components/StatusMessage';
import { call } from '../../lib/call';
import { formatDate } from '../../lib/format';
import { AccountView } from './AccountView';
import { STATUS_COLORS, STATUS_LABELS } from '../../lib/account-status';

/** Look an account up by email, name or account id; every account opened is recorded in the audit log. */
export function AccountsScreen() {
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<AccountSummary[] | null>(null);
  const [searched, setSearched] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [searching, setSearching] = useState(false);
  const [open, setOpen] = useState<AccountDetail | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  const search = async (e: FormEvent) => {
    e.preventDefault();
    const q = query.trim();
    setError(null);
    setSearching(true);
    const r = await call(window.api.customers.search({ query: q }));
    setSearching(false);
    if (!r.ok) {
      setError(r.error.fields?.[0]?.message ?? r.error.message);
      return;
    }
    setSearched(q);
    setResults(r.value);
    setOpen(null);
    if (r.value.length === 1) await openAccount(r.value[0]!.id);
  };

  const openAccount = async (id: number) => {
    setError(null);
    setStatus(null);
    const r = await call(window.api.customers.get({ id }));
    if (r.ok) setOpen(r.value);
    else setError(r.error.message);
  };

  return (
    <Stack gap="md">
      <PageHeader title="Accounts" description="Find a customer account by email, name or account id. Every account you open is recorded in the audit log." />
      <form onSubmit={search} role="search" aria-label="Account search">
        <Group align="flex-end" gap="xs">
          <TextInput label="Search accounts" description="Email, name or account id." value={query} onChange={(e) => setQuery(e.currentTarget.value)} w={360} autoFocus />
          <Button type="submit" loading={searching}>
            Search
          </Button>
        </Group>
      </form>
      <FormError message={error} title="Search failed" />
      <StatusMessage message={status} onClose={() => setStatus(null)} />
      {searching && !results && <Loader aria-label="Searching" />}
      {results && results.length === 0 && <Text c="dimmed">No account matches “{searched}”.</Text>}
      {results && results.length > 0 && (
        <DataTable label="Accounts found" headers={['Account', 'Name', 'Email', 'Product', 'Status', 'Registered', '']} striped highlightOnHover verticalSpacing="xs">
          {results.map((a) => (
            <Table.Tr key={a.id} aria-selected={open?.id === a.id}>
              <Table.Td>{a.id}</Table.Td>
              <Table.Td>{a.name}</Table.Td>
              <Table.Td>{a.email}</Table.Td>
              <Table.Td>{a.productName}</Table.Td>
              <BadgeCell color={STATUS_COLORS[a.status]}>{STATUS_LABELS[a.status]}</BadgeCell>
              <Table.Td>{formatDate(a.createdAt)}</Table.Td>
              <Table.Td>
                <Button size="xs" variant="default" onClick={() => void openAccount(a.id)} aria-label={`Open account ${a.id}`}>
                  Open
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </DataTable>
      )}
      {open && (
        <AccountView
          account={open}
          onChanged={(next) => {
            setOpen(next);
            setStatus('The new consent was recorded and the list re-subscribed.');
          }}
        />
      )}
    </Stack>
  );
}
