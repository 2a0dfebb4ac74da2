import { Button, Group, Loader, Stack, Text, TextInput } from '@mantine/core';
import { badgeCell, DataTable } from '../../components/DataTable';
import { useState } from 'react';
import { searchInput, type AccountDetail } from '../../../../shared/contract/customers';
import { FormError } from '../../components/FormError';
import { PageHeader } from '../../components/PageHeader';
import { StatusMessage } from '../../components/StatusMessage';
import { useChannelMutation, useSearchForm } from '../../data';
import { useErrorText, useFieldText, useFormat, useT } from '../../i18n';
import { AccountView } from './AccountView';
import { STATUS_COLORS } from '../../lib/account-status';

/** Look an account up by email, name or account id; every account opened is recorded in the audit log. */
export function AccountsScreen() {
  const t = useT();
  const f = useFormat();
  const errorText = useErrorText();
  const fe = useFieldText();
  // Searching and opening are audited reads the person asks for: each runs once per request, and
  // only the latest request's answer is shown.
  const searching = useChannelMutation('customers.search', { read: true });
  const opening = useChannelMutation('customers.get', { read: true });
  const [changed, setChanged] = useState<AccountDetail | null>(null);
  const [searched, setSearched] = useState('');
  const [status, setStatus] = useState<string | null>(null);
  const results = searching.data ?? null;
  const open = changed ?? (opening.isPending ? null : (opening.data ?? null));

  const openAccount = async (id: number) => {
    setStatus(null);
    setChanged(null);
    await opening.run({ id });
  };

  const { form, submit: search, refusal } = useSearchForm(searchInput, { query: '' }, async (input) => {
    opening.reset();
    setChanged(null);
    const r = await searching.run(input);
    if (!r.ok) return r.error;
    setSearched(input.query);
    if (r.value.length === 1) await openAccount(r.value[0]!.id);
    return null;
  });
  const error = refusal ?? (opening.problem ? errorText(opening.problem) : null);

  return (
    <Stack gap="md">
      <PageHeader title={t('nav.accounts')} description={t('accounts.description')} />
      <form onSubmit={search} noValidate role="search" aria-label={t('accounts.searchLabel')}>
        <Group align="flex-end" gap="xs">
          <TextInput label={t('accounts.search')} description={t('accounts.searchHint')} {...form.register('query')} error={fe(form.formState.errors.query)} w={360} autoFocus />
          <Button type="submit" loading={searching.isPending}>
            {t('common.search')}
          </Button>
        </Group>
      </form>
      <FormError message={error} title={t('accounts.searchFailed')} />
      <StatusMessage message={status} onClose={() => setStatus(null)} />
      {searching.isPending && !results && <Loader aria-label={t('accounts.searching')} />}
      {results && results.length === 0 && <Text c="dimmed">{t('accounts.noMatch', { query: searched })}</Text>}
      {results && results.length > 0 && (
        <DataTable
          label={t('accounts.found')}
          rows={results}
          rowKey={(a) => a.id}
          rowState={(a) => ({ selected: open?.id === a.id })}
          striped
          highlightOnHover
          verticalSpacing="xs"
          columns={[
            { id: 'account', header: t('accounts.col.account'), cell: (a) => a.number, sortValue: (a) => a.id },
            { id: 'name', header: t('kiosk.form.name'), cell: (a) => a.name, sortValue: (a) => a.name },
            { id: 'email', header: t('kiosk.form.email'), cell: (a) => a.email, sortValue: (a) => a.email },
            { id: 'product', header: t('register.product'), cell: (a) => a.productName, sortValue: (a) => a.productName },
            { id: 'status', header: t('accounts.col.status'), nowrap: true, cell: (a) => badgeCell(STATUS_COLORS[a.status], t(`account.status.${a.status}`)), sortValue: (a) => t(`account.status.${a.status}`) },
            { id: 'registered', header: t('accounts.col.registered'), nowrap: true, cell: (a) => f.date(a.createdAt), sortValue: (a) => a.createdAt },
            {
              id: 'open',
              header: t('accounts.open'),
              hiddenHeader: true,
              cell: (a) => (
                <Button size="xs" variant="default" onClick={() => void openAccount(a.id)} aria-label={t('register.openAccount', { id: a.number })}>
                  {t('accounts.open')}
                </Button>
              ),
            },
          ]}
        />
      )}
      {open && (
        <AccountView
          account={open}
          onChanged={(next) => {
            setChanged(next);
            setStatus(t('accounts.resubscribed'));
          }}
        />
      )}
    </Stack>
  );
}
