import { Button, Group, Loader, Stack, Table, Text, TextInput } from '@mantine/core';
import { BadgeCell, DataTable } from '../../components/DataTable';
import { useState, type FormEvent } from 'react';
import type { AccountDetail, AccountSummary } from '../../../../shared/contract/customers';
import { FormError } from '../../components/FormError';
import { PageHeader } from '../../components/PageHeader';
import { StatusMessage } from '../../components/StatusMessage';
import { call } from '../../lib/call';
import { useErrorText, useFormat, useT } from '../../i18n';
import { AccountView } from './AccountView';
import { STATUS_COLORS } from '../../lib/account-status';

/** Look an account up by email, name or account id; every account opened is recorded in the audit log. */
export function AccountsScreen() {
  const t = useT();
  const f = useFormat();
  const errorText = useErrorText();
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
      setError(errorText(r.error));
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
    else setError(errorText(r.error));
  };

  return (
    <Stack gap="md">
      <PageHeader title={t('nav.accounts')} description={t('accounts.description')} />
      <form onSubmit={search} role="search" aria-label={t('accounts.searchLabel')}>
        <Group align="flex-end" gap="xs">
          <TextInput label={t('accounts.search')} description={t('accounts.searchHint')} value={query} onChange={(e) => setQuery(e.currentTarget.value)} w={360} autoFocus />
          <Button type="submit" loading={searching}>
            {t('common.search')}
          </Button>
        </Group>
      </form>
      <FormError message={error} title={t('accounts.searchFailed')} />
      <StatusMessage message={status} onClose={() => setStatus(null)} />
      {searching && !results && <Loader aria-label={t('accounts.searching')} />}
      {results && results.length === 0 && <Text c="dimmed">{t('accounts.noMatch', { query: searched })}</Text>}
      {results && results.length > 0 && (
        <DataTable label={t('accounts.found')} headers={[t('accounts.col.account'), t('kiosk.form.name'), t('kiosk.form.email'), t('register.product'), t('accounts.col.status'), t('accounts.col.registered'), '']} striped highlightOnHover verticalSpacing="xs">
          {results.map((a) => (
            <Table.Tr key={a.id} aria-selected={open?.id === a.id}>
              <Table.Td>{a.id}</Table.Td>
              <Table.Td>{a.name}</Table.Td>
              <Table.Td>{a.email}</Table.Td>
              <Table.Td>{a.productName}</Table.Td>
              <BadgeCell color={STATUS_COLORS[a.status]}>{t(`account.status.${a.status}`)}</BadgeCell>
              <Table.Td>{f.date(a.createdAt)}</Table.Td>
              <Table.Td>
                <Button size="xs" variant="default" onClick={() => void openAccount(a.id)} aria-label={t('register.openAccount', { id: a.id })}>
                  {t('accounts.open')}
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
            setStatus(t('accounts.resubscribed'));
          }}
        />
      )}
    </Stack>
  );
}
