import { Alert, Badge, Button, Checkbox, Group, Modal, NativeSelect, Paper, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import type { OptOutLookup, OptOutResult } from '../../../../shared/contract/optouts';
import { ACCOUNT_LIST, LIST_LABELS, LISTS, OPT_OUT_REASON_LABELS, OPT_OUT_REASONS, type MailingList, type OptOutReason } from '../../../../shared/customers-lists';
import { emailProblem } from '../../../../shared/email';
import { FormError } from '../../components/FormError';
import { PageHeader } from '../../components/PageHeader';
import { StatusMessage } from '../../components/StatusMessage';
import { call } from '../../lib/call';
import { formatDateTime } from '../../lib/format';
import { STATUS_COLORS, STATUS_LABELS, todayIso } from '../../lib/account-status';

const listNames = (lists: readonly MailingList[]) => lists.map((l) => LIST_LABELS[l].toLowerCase()).join(', ');

function describe(result: OptOutResult, email: string): string {
  if (result.cancelled) return `Account ${result.accountId} was cancelled and unsubscribed from all three lists. The address is on the suppression list.`;
  const parts: string[] = [];
  if (result.unsubscribed.length) parts.push(`Unsubscribed from ${listNames(result.unsubscribed)}.`);
  if (result.alreadyUnsubscribed.length) parts.push(`Already off ${listNames(result.alreadyUnsubscribed)}.`);
  if (result.accountId === null) parts.push(`No account has ${email}; the opt-out is kept on the suppression list.`);
  else if (result.suppressed.length) parts.push(`Added to the suppression list for ${listNames(result.suppressed)}.`);
  if (parts.length === 0) parts.push('Nothing needed to change: this opt-out was already in effect.');
  return parts.join(' ');
}

/**
 * Opt-out processing (policy 1a, 3b): find the person by email and leave any of the three lists,
 * with the reason and the date of the request. Leaving technical advisories cancels the account,
 * after a confirmation that says so; an address with no account goes on the suppression list.
 */
export function OptOutsScreen() {
  const [email, setEmail] = useState('');
  const [emailError, setEmailError] = useState<string | null>(null);
  const [found, setFound] = useState<OptOutLookup | null>(null);
  const [lists, setLists] = useState<MailingList[]>([]);
  const [reason, setReason] = useState<OptOutReason | ''>('');
  const [requestedOn, setRequestedOn] = useState(todayIso());
  const [note, setNote] = useState('');
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);

  const find = async (e: FormEvent) => {
    e.preventDefault();
    setDone(null);
    setError(null);
    const problem = emailProblem(email);
    setEmailError(problem);
    if (problem) return;
    const r = await call(window.api.optouts.find({ email }));
    if (!r.ok) {
      setError(r.error.message);
      return;
    }
    setFound(r.value);
    setLists([]);
    setReason('');
    setNote('');
    setFieldErrors({});
    setRequestedOn(todayIso());
  };

  const account = found?.account ?? null;
  const cancels = account?.status === 'active' && lists.includes(ACCOUNT_LIST);

  const submit = async (confirmCancellation: boolean) => {
    if (!found) return;
    setError(null);
    const errors: Record<string, string> = {};
    if (lists.length === 0) errors['lists'] = 'Choose at least one list.';
    if (!reason) errors['reason'] = 'Choose a reason.';
    if (reason === 'other' && note.trim() === '') errors['note'] = 'Describe the reason when choosing "Other".';
    setFieldErrors(errors);
    if (Object.keys(errors).length) return;
    if (cancels && !confirmCancellation) {
      setConfirming(true);
      return;
    }
    setBusy(true);
    const r = await call(
      window.api.optouts.process({ email: found.email, lists, reason: reason as OptOutReason, requestedOn, ...(note.trim() ? { note: note.trim() } : {}), confirmCancellation }),
    );
    setBusy(false);
    setConfirming(false);
    if (!r.ok) {
      const byField = Object.fromEntries((r.error.fields ?? []).map((f) => [f.path.split('.')[0]!, f.message]));
      setFieldErrors(byField);
      setError(r.error.fields?.length ? null : r.error.message);
      return;
    }
    setDone(describe(r.value, found.email));
    // Show the state after the change.
    const again = await call(window.api.optouts.find({ email: found.email }));
    if (again.ok) setFound(again.value);
    setLists([]);
  };

  return (
    <Stack gap="md" maw={860}>
      <PageHeader
        title="Opt-outs"
        description="Remove a person from any of the three mailing lists when they ask. Leaving technical advisories cancels the account. An address with no account is kept on the suppression list."
      />
      <form onSubmit={find} noValidate role="search" aria-label="Find a person">
        <Group align="flex-start" gap="xs">
          <TextInput label="Email" value={email} onChange={(e) => setEmail(e.currentTarget.value)} error={emailError} w={360} autoFocus />
          <Button type="submit" mt={25}>
            Find
          </Button>
        </Group>
      </form>
      <StatusMessage message={done} onClose={() => setDone(null)} />
      <FormError message={error} title="Not processed" />
      {found && (
        <Paper withBorder p="md">
          <Stack>
            {account ? (
              <Stack gap={4} role="region" aria-label="Account found">
                <Group justify="space-between">
                  <Title order={4}>
                    {account.name} · account {account.id}
                  </Title>
                  <Badge variant="light" color={STATUS_COLORS[account.status]}>
                    {STATUS_LABELS[account.status]}
                  </Badge>
                </Group>
                <Text size="sm" c="dimmed">
                  {account.email} · {account.productName}
                </Text>
                <Table aria-label="Current lists" verticalSpacing={4}>
                  <Table.Tbody>
                    {account.lists.map((l) => (
                      <Table.Tr key={l.list}>
                        <Table.Td>{LIST_LABELS[l.list]}</Table.Td>
                        <Table.Td>{l.subscribed ? 'Subscribed' : 'Not subscribed'}</Table.Td>
                        <Table.Td>{l.since ? formatDateTime(l.since) : ''}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Stack>
            ) : (
              <div role="region" aria-label="No account found">
                <Alert color="blue" variant="light" title="No account with this email">
                  No account has {found.email}. The opt-out will be kept on the suppression list (as a keyed hash, not the address), so no future registration, import or marketing
                  export mails it on the chosen lists.
                  {found.suppressed.length > 0 && ` Already suppressed: ${listNames(found.suppressed)}.`}
                </Alert>
              </div>
            )}
            <Checkbox.Group label="Lists to leave" value={lists} onChange={(v) => setLists(v as MailingList[])} error={fieldErrors['lists']}>
              <Stack gap={6} mt={6}>
                {LISTS.map((l) => (
                  <Checkbox key={l} value={l} label={LIST_LABELS[l]} />
                ))}
              </Stack>
            </Checkbox.Group>
            {cancels && account && (
              <Alert color="orange" variant="light" title="This cancels the account" role="alert">
                Leaving technical advisories cancels account {account.id}. All three lists are left and the account is closed. It comes back only through a new registration.
              </Alert>
            )}
            <Group grow align="flex-start">
              <NativeSelect
                label="Reason"
                data={[{ value: '', label: 'Choose a reason…' }, ...OPT_OUT_REASONS.map((r) => ({ value: r, label: OPT_OUT_REASON_LABELS[r] }))]}
                value={reason}
                onChange={(e) => setReason(e.currentTarget.value as OptOutReason | '')}
                error={fieldErrors['reason']}
              />
              <TextInput label="Date of the request" type="date" value={requestedOn} max={todayIso()} onChange={(e) => setRequestedOn(e.currentTarget.value)} error={fieldErrors['requestedOn']} />
            </Group>
            <Textarea label="Note" description={reason === 'other' ? 'Required for "Other".' : 'Optional.'} value={note} onChange={(e) => setNote(e.currentTarget.value)} error={fieldErrors['note']} maxLength={500} autosize minRows={2} />
            <Group>
              <Button color={cancels ? 'red' : undefined} loading={busy} onClick={() => void submit(false)}>
                {cancels ? 'Cancel account and unsubscribe…' : account ? 'Unsubscribe' : 'Add to suppression list'}
              </Button>
            </Group>
          </Stack>
        </Paper>
      )}
      <Modal opened={confirming} onClose={() => setConfirming(false)} title={`Cancel account ${account?.id ?? ''}?`}>
        <Stack>
          <Text size="sm">
            {account?.name} asked to leave technical advisories. This cancels account {account?.id}: it is unsubscribed from all three lists and closed, in one step. It comes back only
            through a new registration.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)} autoFocus>
              Keep the account
            </Button>
            <Button color="red" loading={busy} onClick={() => void submit(true)}>
              Cancel the account
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
