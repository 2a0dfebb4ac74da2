import { Alert, Button, Checkbox, Group, Modal, NativeSelect, Paper, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import type { OptOutLookup, OptOutResult } from '../../../../shared/contract/optouts';
import { ACCOUNT_LIST, LISTS, OPT_OUT_REASONS, type MailingList, type OptOutReason } from '../../../../shared/customers-lists';
import { emailIssue } from '../../../../shared/email';
import { FormError } from '../../components/FormError';
import { PageHeader } from '../../components/PageHeader';
import { StatusBadge } from '../../components/StatusBadge';
import { StatusMessage } from '../../components/StatusMessage';
import { call } from '../../lib/call';
import { DateField } from '../../components/DateField';
import { useErrorText, useFieldText, useFormat, useT, useToday, type Translate } from '../../i18n';
import { STATUS_COLORS } from '../../lib/account-status';

const listNames = (t: Translate, lists: readonly MailingList[]) => lists.map((l) => t(`list.${l}`)).join(', ');

function describe(t: Translate, result: OptOutResult, email: string): string {
  if (result.cancelled) return t('optouts.done.cancelled', { id: result.accountId ?? '' });
  const parts: string[] = [];
  if (result.unsubscribed.length) parts.push(t('optouts.done.unsubscribed', { lists: listNames(t, result.unsubscribed) }));
  if (result.alreadyUnsubscribed.length) parts.push(t('optouts.done.already', { lists: listNames(t, result.alreadyUnsubscribed) }));
  if (result.accountId === null) parts.push(t('optouts.done.noAccount', { email }));
  else if (result.suppressed.length) parts.push(t('optouts.done.suppressed', { lists: listNames(t, result.suppressed) }));
  if (parts.length === 0) parts.push(t('optouts.done.nothing'));
  return parts.join(' ');
}

/**
 * Opt-out processing (policy 1a, 3b): find the person by email and leave any of the three lists,
 * with the reason and the date of the request. Leaving technical advisories cancels the account,
 * after a confirmation that says so; an address with no account goes on the suppression list.
 */
export function OptOutsScreen() {
  const t = useT();
  const f = useFormat();
  const fe = useFieldText();
  const errorText = useErrorText();
  const today = useToday();
  const [email, setEmail] = useState('');
  const [emailError, setEmailError] = useState<string | null>(null);
  const [found, setFound] = useState<OptOutLookup | null>(null);
  const [lists, setLists] = useState<MailingList[]>([]);
  const [reason, setReason] = useState<OptOutReason | ''>('');
  const [requestedOn, setRequestedOn] = useState(today);
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
    const problem = emailIssue(email);
    setEmailError(problem ? (fe(problem) ?? null) : null);
    if (problem) return;
    const r = await call(window.api.optouts.find({ email }));
    if (!r.ok) {
      setError(errorText(r.error));
      return;
    }
    setFound(r.value);
    setLists([]);
    setReason('');
    setNote('');
    setFieldErrors({});
    setRequestedOn(today);
  };

  const account = found?.account ?? null;
  const cancels = account?.status === 'active' && lists.includes(ACCOUNT_LIST);

  const submit = async (confirmCancellation: boolean) => {
    if (!found) return;
    setError(null);
    const errors: Record<string, string> = {};
    if (lists.length === 0) errors['lists'] = t('optouts.chooseList');
    if (!reason) errors['reason'] = t('optouts.chooseReason');
    if (reason === 'other' && note.trim() === '') errors['note'] = t('optouts.describeOther');
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
      const byField = Object.fromEntries((r.error.fields ?? []).map((i) => [i.path.split('.')[0]!, fe(i) ?? i.message]));
      setFieldErrors(byField);
      setError(r.error.fields?.length ? null : errorText(r.error));
      return;
    }
    setDone(describe(t, r.value, found.email));
    // Show the state after the change.
    const again = await call(window.api.optouts.find({ email: found.email }));
    if (again.ok) setFound(again.value);
    setLists([]);
  };

  return (
    <Stack gap="md" maw={860}>
      <PageHeader title={t('nav.optouts')} description={t('optouts.description')} />
      <form onSubmit={find} noValidate role="search" aria-label={t('optouts.findPerson')}>
        <Group align="flex-start" gap="xs">
          <TextInput label={t('kiosk.form.email')} value={email} onChange={(e) => setEmail(e.currentTarget.value)} error={emailError} w={360} autoFocus />
          <Button type="submit" mt={25}>
            {t('optouts.find')}
          </Button>
        </Group>
      </form>
      <StatusMessage message={done} onClose={() => setDone(null)} />
      <FormError message={error} title={t('optouts.notProcessed')} />
      {found && (
        <Paper withBorder p="md">
          <Stack>
            {account ? (
              <Stack gap={4} role="region" aria-label={t('optouts.accountFound')}>
                <Group justify="space-between">
                  <Title order={4}>
                    {account.name} · {t('register.account', { id: account.id })}
                  </Title>
                  <StatusBadge color={STATUS_COLORS[account.status]}>{t(`account.status.${account.status}`)}</StatusBadge>
                </Group>
                <Text size="sm" c="dimmed">
                  {account.email} · {account.productName}
                </Text>
                <Table aria-label={t('optouts.currentLists')} verticalSpacing={4}>
                  <Table.Tbody>
                    {account.lists.map((l) => (
                      <Table.Tr key={l.list}>
                        <Table.Td>{t(`list.${l.list}`)}</Table.Td>
                        <Table.Td>{t(l.subscribed ? 'account.subscribed' : 'account.notSubscribed')}</Table.Td>
                        <Table.Td>{l.since ? f.dateTime(l.since) : ''}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Stack>
            ) : (
              <div role="region" aria-label={t('optouts.noAccountFound')}>
                <Alert color="blue" variant="light" title={t('optouts.noAccountTitle')}>
                  {t('optouts.noAccountBody', { email: found.email })}
                  {found.suppressed.length > 0 && ` ${t('optouts.alreadySuppressed', { lists: listNames(t, found.suppressed) })}`}
                </Alert>
              </div>
            )}
            {account?.status === 'cancelled' ? (
              <Alert color="gray" variant="light" title={t('account.closedTitle')}>
                {t('optouts.closedBody', { id: account.id })}
              </Alert>
            ) : (
              <>
            <Checkbox.Group label={t('optouts.listsToLeave')} value={lists} onChange={(v) => setLists(v as MailingList[])} error={fieldErrors['lists']}>
              <Stack gap={6} mt={6}>
                {LISTS.map((l) => (
                  <Checkbox key={l} value={l} label={t(`list.${l}`)} />
                ))}
              </Stack>
            </Checkbox.Group>
            {cancels && account && (
              <Alert color="orange" variant="light" title={t('optouts.cancelsTitle')} role="alert">
                {t('optouts.cancelsBody', { id: account.id })}
              </Alert>
            )}
            <Group grow align="flex-start">
              <NativeSelect
                label={t('account.col.reason')}
                data={[{ value: '', label: t('optouts.chooseReasonOption') }, ...OPT_OUT_REASONS.map((r) => ({ value: r, label: t(`reason.${r}`) }))]}
                value={reason}
                onChange={(e) => setReason(e.currentTarget.value as OptOutReason | '')}
                error={fieldErrors['reason']}
              />
              <DateField label={t('account.requestDate')} value={requestedOn} max={today} onChange={setRequestedOn} error={fieldErrors['requestedOn']} />
            </Group>
            <Textarea label={t('optouts.note')} description={t(reason === 'other' ? 'optouts.noteRequired' : 'optouts.noteOptional')} value={note} onChange={(e) => setNote(e.currentTarget.value)} error={fieldErrors['note']} maxLength={500} autosize minRows={2} />
            <Group>
              <Button color={cancels ? 'red' : undefined} loading={busy} onClick={() => void submit(false)}>
                {t(cancels ? 'optouts.submit.cancel' : account ? 'optouts.submit.unsubscribe' : 'optouts.submit.suppress')}
              </Button>
            </Group>
              </>
            )}
          </Stack>
        </Paper>
      )}
      <Modal opened={confirming} onClose={() => setConfirming(false)} title={t('optouts.confirm.title', { id: account?.id ?? '' })}>
        <Stack>
          <Text size="sm">
            {t('optouts.confirm.body', { name: account?.name ?? '', id: account?.id ?? '' })}
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)} autoFocus>
              {t('optouts.confirm.keep')}
            </Button>
            <Button color="red" loading={busy} onClick={() => void submit(true)}>
              {t('optouts.confirm.cancel')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
