import { Alert, Button, Card, Group, Loader, Modal, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { badgeCell, DataTable } from '../../components/DataTable';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { searchInput, type AccountSummary } from '../../../../shared/contract/customers';
import { addNoteInput, updateNoteInput, type ServiceNote } from '../../../../shared/contract/notes';
import { STATUS_COLORS } from '../../lib/account-status';
import { FormError } from '../../components/FormError';
import { PageHeader } from '../../components/PageHeader';
import { StatusMessage } from '../../components/StatusMessage';
import { useChannelMutation, useChannelQuery, useSearchForm } from '../../data';
import { applyServerErrors, keyedResolver, useSubmitOnce } from '../../lib/form';
import { useErrorText, useFieldText, useFormat, useT } from '../../i18n';

/**
 * Service notes (policy 2c): what a customer tells customer service is kept here, apart from the
 * account. Only customer service sees this screen; the account view never shows these notes.
 */
export function NotesScreen() {
  const t = useT();
  const fe = useFieldText();
  const [account, setAccount] = useState<AccountSummary | null>(null);
  // An audited read the person asks for: once per request, the latest request's answer shown.
  const searching = useChannelMutation('customers.search', { read: true });
  const results = searching.data ?? null;
  const { form, submit: search, refusal: searchError } = useSearchForm(searchInput, { query: '' }, async (input) => {
    const r = await searching.run(input);
    return r.ok ? null : r.error;
  });

  return (
    <Stack gap="md">
      <PageHeader title={t('nav.notes')} description={t('notes.description')} />
      <form onSubmit={search} noValidate role="search" aria-label={t('notes.searchLabel')}>
        <Group align="flex-end" gap="xs">
          <TextInput label={t('notes.find')} description={t('notes.findHint')} {...form.register('query')} error={fe(form.formState.errors.query)} w={360} autoFocus />
          <Button type="submit" variant="default" loading={searching.isPending}>
            {t('common.search')}
          </Button>
        </Group>
      </form>
      <FormError message={searchError} title={t('accounts.searchFailed')} />
      {results && results.length === 0 && <Text c="dimmed">{t('notes.noMatch')}</Text>}
      {results && results.length > 0 && (
        <DataTable
          label={t('notes.found')}
          rows={results}
          rowKey={(a) => a.id}
          striped
          highlightOnHover
          columns={[
            { id: 'account', header: t('accounts.col.account'), cell: (a) => a.number, sortValue: (a) => a.id },
            { id: 'name', header: t('kiosk.form.name'), cell: (a) => a.name, sortValue: (a) => a.name },
            { id: 'email', header: t('kiosk.form.email'), cell: (a) => a.email, sortValue: (a) => a.email },
            { id: 'status', header: t('accounts.col.status'), nowrap: true, cell: (a) => badgeCell(STATUS_COLORS[a.status], t(`account.status.${a.status}`)), sortValue: (a) => t(`account.status.${a.status}`) },
            {
              id: 'open',
              header: t('notes.notes'),
              hiddenHeader: true,
              cell: (a) => (
                <Button size="xs" variant={account?.id === a.id ? 'filled' : 'default'} aria-label={t('notes.openOf', { name: a.name })} onClick={() => setAccount(a)}>
                  {t('notes.notes')}
                </Button>
              ),
            },
          ]}
        />
      )}
      {account && <AccountNotes key={account.id} account={account} />}
    </Stack>
  );
}

type AddValues = z.input<typeof addNoteInput>;

function AccountNotes({ account }: { account: AccountSummary }) {
  const t = useT();
  const f = useFormat();
  const fe = useFieldText();
  const errorText = useErrorText();
  const list = useChannelQuery('notes.list', { accountId: account.id });
  const notes = list.data ?? null;
  const adding = useChannelMutation('notes.add');
  const removal = useChannelMutation('notes.remove');
  const loadError = list.errorMessage ?? (removal.problem ? errorText(removal.problem) : null);
  const [status, setStatus] = useState<string | null>(null);
  const [editing, setEditing] = useState<ServiceNote | null>(null);
  const [removing, setRemoving] = useState<ServiceNote | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  // A cancelled account takes no new or changed notes (the core refuses them too).
  const open = account.status === 'active';
  const { register, handleSubmit, setError, formState, reset, getValues } = useForm<AddValues, unknown, z.output<typeof addNoteInput>>({
    resolver: keyedResolver(addNoteInput),
    defaultValues: { accountId: account.id, body: '' },
  });

  const add = useSubmitOnce(
    handleSubmit(async (v) => {
      setFormError(null);
      setStatus(null);
      const typed = getValues('body');
      const r = await adding.run(v);
      if (r.ok) {
        // Text typed while this note was being saved stays in the field.
        if (getValues('body') === typed) reset({ accountId: account.id, body: '' });
        setStatus(t('notes.added'));
      } else setFormError(applyServerErrors(r.error, setError, errorText, fe));
    }),
  );

  const remove = async (note: ServiceNote) => {
    const r = await removal.run({ id: note.id });
    setRemoving(null);
    if (r.ok) setStatus(t('notes.removed'));
  };

  return (
    <Card withBorder padding="lg" component="section" aria-label={t('notes.of', { name: account.name })}>
      <Stack gap="md">
        <Title order={3}>
          {t('notes.title', { name: account.name, id: account.number })}
        </Title>
        <StatusMessage message={status} onClose={() => setStatus(null)} />
        {!open && (
          <Alert color="gray" variant="light" title={t('account.closedTitle')}>
            {t('notes.closedBody')}
          </Alert>
        )}
        {open && (
        <form onSubmit={add} noValidate>
          <Stack gap="xs">
            <Textarea label={t('notes.new')} description={t('notes.newHint')} autosize minRows={3} maxRows={10} {...register('body')} error={fe(formState.errors.body)} />
            <FormError message={formError} />
            <Group justify="flex-end">
              <Button type="submit" loading={formState.isSubmitting}>
                {t('notes.add')}
              </Button>
            </Group>
          </Stack>
        </form>
        )}
        <FormError message={loadError} title={t('notes.loadFailed')} />
        {!notes && !loadError && <Loader aria-label={t('notes.loading')} />}
        {notes && notes.length === 0 && <Text c="dimmed">{t('notes.empty')}</Text>}
        {notes && notes.length > 0 && (
          <Stack gap="sm" role="list" aria-label={t('notes.notes')}>
            {notes.map((n) => (
              <Card key={n.id} withBorder padding="sm" role="listitem">
                <Text style={{ whiteSpace: 'pre-wrap' }}>{n.body}</Text>
                <Group justify="space-between" mt="xs">
                  <Text size="xs" c="dimmed">
                    {t('notes.written', { when: f.dateTime(n.createdAt), name: n.createdByName })}
                    {n.updatedAt !== n.createdAt && ` · ${t('notes.edited', { when: f.dateTime(n.updatedAt), name: n.updatedByName })}`}
                  </Text>
                  <Group gap={6}>
                    {open && (
                      <Button size="xs" variant="default" onClick={() => setEditing(n)} aria-label={t('notes.editN', { id: n.id })}>
                        {t('common.edit')}
                      </Button>
                    )}
                    <Button size="xs" variant="light" color="red" onClick={() => setRemoving(n)} aria-label={t('notes.removeN', { id: n.id })}>
                      {t('billing.removeButton')}
                    </Button>
                  </Group>
                </Group>
              </Card>
            ))}
          </Stack>
        )}
      </Stack>
      <Modal opened={editing !== null} onClose={() => setEditing(null)} title={t('notes.edit')}>
        {editing && (
          <EditNoteForm
            note={editing}
            onDone={() => {
              setEditing(null);
              setStatus(t('notes.saved'));
            }}
            onCancel={() => setEditing(null)}
          />
        )}
      </Modal>
      <Modal opened={removing !== null} onClose={() => setRemoving(null)} title={t('notes.remove')}>
        {removing && (
          <Stack>
            <Text size="sm">{t('notes.removeBody')}</Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setRemoving(null)} data-autofocus>
                {t('common.cancel')}
              </Button>
              <Button color="red" loading={removal.isPending} onClick={() => void remove(removing)}>
                {t('notes.remove')}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Card>
  );
}

type EditValues = z.input<typeof updateNoteInput>;

function EditNoteForm({ note, onDone, onCancel }: { note: ServiceNote; onDone: () => void; onCancel: () => void }) {
  const t = useT();
  const fe = useFieldText();
  const errorText = useErrorText();
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, setError, formState } = useForm<EditValues, unknown, z.output<typeof updateNoteInput>>({
    resolver: keyedResolver(updateNoteInput),
    defaultValues: { id: note.id, body: note.body },
  });
  const update = useChannelMutation('notes.update');
  const submit = useSubmitOnce(
    handleSubmit(async (v) => {
      setFormError(null);
      const r = await update.run(v);
      if (r.ok) onDone();
      else setFormError(applyServerErrors(r.error, setError, errorText, fe));
    }),
  );
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Textarea label={t('notes.note')} autosize minRows={4} maxRows={12} data-autofocus {...register('body')} error={fe(formState.errors.body)} />
        <FormError message={formError} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={formState.isSubmitting}>
            {t('notes.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
