import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Button, Card, Group, Loader, Modal, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { BadgeCell, DataTable } from '../../components/DataTable';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import type { AccountSummary } from '../../../../shared/contract/customers';
import { addNoteInput, updateNoteInput, type ServiceNote } from '../../../../shared/contract/notes';
import { STATUS_COLORS, STATUS_LABELS } from '../../lib/account-status';
import { FormError } from '../../components/FormError';
import { PageHeader } from '../../components/PageHeader';
import { StatusMessage } from '../../components/StatusMessage';
import { call } from '../../lib/call';
import { applyServerErrors } from '../../lib/form';
import { formatDateTime } from '../../lib/format';

/**
 * Service notes (policy 2c): what a customer tells customer service is kept here, apart from the
 * account. Only customer service sees this screen; the account view never shows these notes.
 */
export function NotesScreen() {
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<AccountSummary[] | null>(null);
  const [searchError, setSearchError] = useState<string | null>(null);
  const [account, setAccount] = useState<AccountSummary | null>(null);

  const search = async (e: FormEvent) => {
    e.preventDefault();
    setSearchError(null);
    const r = await call(window.api.customers.search({ query }));
    if (r.ok) setResults(r.value);
    else {
      setResults(null);
      setSearchError(r.error.message);
    }
  };

  return (
    <Stack gap="md">
      <PageHeader
        title="Service notes"
        description="Notes customer service keeps about a customer. They are stored apart from the account: the account view, searches and exports never include them, and only customer service can read them."
      />
      <form onSubmit={(e) => void search(e)} role="search" aria-label="Customer search">
        <Group align="flex-end" gap="xs">
          <TextInput label="Find a customer" description="Name, email or account number." value={query} onChange={(e) => setQuery(e.currentTarget.value)} w={360} autoFocus />
          <Button type="submit" variant="default">
            Search
          </Button>
        </Group>
      </form>
      <FormError message={searchError} title="Search failed" />
      {results && results.length === 0 && <Text c="dimmed">No customer matches this search.</Text>}
      {results && results.length > 0 && (
        <DataTable label="Customers found" headers={['Account', 'Name', 'Email', 'Status', '']} striped highlightOnHover>
          {results.map((a) => (
            <Table.Tr key={a.id}>
              <Table.Td>{a.id}</Table.Td>
              <Table.Td>{a.name}</Table.Td>
              <Table.Td>{a.email}</Table.Td>
              <BadgeCell color={STATUS_COLORS[a.status]}>{STATUS_LABELS[a.status]}</BadgeCell>
              <Table.Td>
                <Button size="xs" variant={account?.id === a.id ? 'filled' : 'default'} aria-label={`Open notes of ${a.name}`} onClick={() => setAccount(a)}>
                  Notes
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </DataTable>
      )}
      {account && <AccountNotes key={account.id} account={account} />}
    </Stack>
  );
}

type AddValues = z.input<typeof addNoteInput>;

function AccountNotes({ account }: { account: AccountSummary }) {
  const [notes, setNotes] = useState<ServiceNote[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [editing, setEditing] = useState<ServiceNote | null>(null);
  const [removing, setRemoving] = useState<ServiceNote | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  // A cancelled account takes no new or changed notes (the core refuses them too).
  const open = account.status === 'active';
  const { register, handleSubmit, setError, formState, reset } = useForm<AddValues, unknown, z.output<typeof addNoteInput>>({
    resolver: zodResolver(addNoteInput),
    defaultValues: { accountId: account.id, body: '' },
  });

  const load = useCallback(async () => {
    const r = await call(window.api.notes.list({ accountId: account.id }));
    if (r.ok) {
      setNotes(r.value);
      setLoadError(null);
    } else setLoadError(r.error.message);
  }, [account.id]);
  useEffect(() => {
    void load();
  }, [load]);

  const add = handleSubmit(async (v) => {
    setFormError(null);
    setStatus(null);
    const r = await call(window.api.notes.add(v));
    if (r.ok) {
      reset({ accountId: account.id, body: '' });
      setStatus('Note added.');
      void load();
    } else setFormError(applyServerErrors(r.error, setError));
  });

  const remove = async (note: ServiceNote) => {
    const r = await call(window.api.notes.remove({ id: note.id }));
    setRemoving(null);
    if (r.ok) {
      setStatus('Note removed.');
      void load();
    } else setLoadError(r.error.message);
  };

  return (
    <Card withBorder padding="lg" component="section" aria-label={`Service notes of ${account.name}`}>
      <Stack gap="md">
        <Title order={3}>
          Notes on {account.name} (account {account.id})
        </Title>
        <StatusMessage message={status} onClose={() => setStatus(null)} />
        {!open && (
          <Alert color="gray" variant="light" title="This account is closed">
            A cancelled account takes no new notes and no changes to its notes. They can still be read and removed.
          </Alert>
        )}
        {open && (
        <form onSubmit={add} noValidate>
          <Stack gap="xs">
            <Textarea label="New note" description="Never write card numbers in a note." autosize minRows={3} maxRows={10} {...register('body')} error={formState.errors.body?.message} />
            <FormError message={formError} />
            <Group justify="flex-end">
              <Button type="submit" loading={formState.isSubmitting}>
                Add note
              </Button>
            </Group>
          </Stack>
        </form>
        )}
        <FormError message={loadError} title="Could not load notes" />
        {!notes && !loadError && <Loader aria-label="Loading notes" />}
        {notes && notes.length === 0 && <Text c="dimmed">No notes yet.</Text>}
        {notes && notes.length > 0 && (
          <Stack gap="sm" role="list" aria-label="Notes">
            {notes.map((n) => (
              <Card key={n.id} withBorder padding="sm" role="listitem">
                <Text style={{ whiteSpace: 'pre-wrap' }}>{n.body}</Text>
                <Group justify="space-between" mt="xs">
                  <Text size="xs" c="dimmed">
                    Written {formatDateTime(n.createdAt)} by {n.createdByName}
                    {n.updatedAt !== n.createdAt && ` · edited ${formatDateTime(n.updatedAt)} by ${n.updatedByName}`}
                  </Text>
                  <Group gap={6}>
                    {open && (
                      <Button size="xs" variant="default" onClick={() => setEditing(n)} aria-label={`Edit note ${n.id}`}>
                        Edit
                      </Button>
                    )}
                    <Button size="xs" variant="light" color="red" onClick={() => setRemoving(n)} aria-label={`Remove note ${n.id}`}>
                      Remove
                    </Button>
                  </Group>
                </Group>
              </Card>
            ))}
          </Stack>
        )}
      </Stack>
      <Modal opened={editing !== null} onClose={() => setEditing(null)} title="Edit note">
        {editing && (
          <EditNoteForm
            note={editing}
            onDone={() => {
              setEditing(null);
              setStatus('Note saved.');
              void load();
            }}
            onCancel={() => setEditing(null)}
          />
        )}
      </Modal>
      <Modal opened={removing !== null} onClose={() => setRemoving(null)} title="Remove note">
        {removing && (
          <Stack>
            <Text size="sm">This note will be deleted. The audit log keeps only that a note was removed.</Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setRemoving(null)} data-autofocus>
                Cancel
              </Button>
              <Button color="red" onClick={() => void remove(removing)}>
                Remove note
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
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, setError, formState } = useForm<EditValues, unknown, z.output<typeof updateNoteInput>>({
    resolver: zodResolver(updateNoteInput),
    defaultValues: { id: note.id, body: note.body },
  });
  const submit = handleSubmit(async (v) => {
    setFormError(null);
    const r = await call(window.api.notes.update(v));
    if (r.ok) onDone();
    else setFormError(applyServerErrors(r.error, setError));
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Textarea label="Note" autosize minRows={4} maxRows={12} data-autofocus {...register('body')} error={formState.errors.body?.message} />
        <FormError message={formError} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={formState.isSubmitting}>
            Save note
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
