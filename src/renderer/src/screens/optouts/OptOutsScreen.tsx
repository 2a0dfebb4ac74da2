import { Alert, Button, Checkbox, Group, Modal, NativeSelect, Paper, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import type { z } from 'zod';
import { contract } from '../../../../shared/contract';
import { optOutInput, type OptOutLookup, type OptOutResult } from '../../../../shared/contract/optouts';
import { ACCOUNT_LIST, LISTS, OPT_OUT_REASONS, type MailingList } from '../../../../shared/customers-lists';
import { FormError } from '../../components/FormError';
import { PageHeader } from '../../components/PageHeader';
import { StatusBadge } from '../../components/StatusBadge';
import { StatusMessage } from '../../components/StatusMessage';
import { DateField } from '../../components/DateField';
import { useChannelMutation, useChannelQuery } from '../../data';
import { applyServerErrors, keyedResolver, useSubmitOnce } from '../../lib/form';
import { useErrorText, useFieldText, useFormat, useT, useToday, type Translate } from '../../i18n';
import { STATUS_COLORS } from '../../lib/account-status';

const findInput = contract['optouts.find'].input;
type FindValues = z.input<typeof findInput>;
type OptOutValues = z.input<typeof optOutInput>;
type OptOut = z.output<typeof optOutInput>;

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
  const fe = useFieldText();
  const [searched, setSearched] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const lookup = useChannelQuery('optouts.find', { email: searched ?? '' }, { enabled: searched !== null });
  const { register, handleSubmit, formState } = useForm<FindValues>({ resolver: keyedResolver(findInput), defaultValues: { email: '' } });
  const find = useSubmitOnce(
    handleSubmit(async ({ email }) => {
      setDone(null);
      if (email === searched) await lookup.refetch();
      else setSearched(email);
    }),
  );
  const found = searched !== null ? (lookup.data ?? null) : null;

  return (
    <Stack gap="md" maw={860}>
      <PageHeader title={t('nav.optouts')} description={t('optouts.description')} />
      <form onSubmit={find} noValidate role="search" aria-label={t('optouts.findPerson')}>
        <Group align="flex-start" gap="xs">
          <TextInput label={t('kiosk.form.email')} {...register('email')} error={fe(formState.errors.email)} w={360} autoFocus />
          <Button type="submit" mt={25} loading={lookup.isFetching}>
            {t('optouts.find')}
          </Button>
        </Group>
      </form>
      <StatusMessage message={done} onClose={() => setDone(null)} />
      <FormError message={lookup.errorMessage} title={t('optouts.notProcessed')} />
      {found && <FoundPerson key={found.email} found={found} onDone={setDone} />}
    </Stack>
  );
}

function FoundPerson({ found, onDone }: { found: OptOutLookup; onDone: (message: string) => void }) {
  const t = useT();
  const f = useFormat();
  const account = found.account;
  return (
    <Paper withBorder p="md">
      <Stack>
        {account ? (
          <Stack gap={4} role="region" aria-label={t('optouts.accountFound')}>
            <Group justify="space-between">
              <Title order={4}>
                {account.name} · {t('register.account', { id: account.number })}
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
            {t('optouts.closedBody', { id: account.number })}
          </Alert>
        ) : (
          <OptOutForm found={found} onDone={onDone} />
        )}
      </Stack>
    </Paper>
  );
}

/** The lists to leave, the reason, the request date and a note, checked with the channel's own schema. */
function OptOutForm({ found, onDone }: { found: OptOutLookup; onDone: (message: string) => void }) {
  const t = useT();
  const fe = useFieldText();
  const errorText = useErrorText();
  const today = useToday();
  const [formError, setFormError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const process = useChannelMutation('optouts.process', { invalidates: ['customers'] });
  const { register, control, handleSubmit, setError, setValue, watch, formState } = useForm<OptOutValues, unknown, OptOut>({
    resolver: keyedResolver(optOutInput),
    // The reason starts unset, so the select shows "Choose a reason…" and the schema asks for one.
    defaultValues: { email: found.email, lists: [], requestedOn: today, note: '', confirmCancellation: false },
  });
  const account = found.account;
  const lists = watch('lists');
  const cancels = account?.status === 'active' && lists.includes(ACCOUNT_LIST);
  const e = formState.errors;

  const send = async ({ note, ...v }: OptOut, confirmCancellation: boolean) => {
    setFormError(null);
    const r = await process.run({ ...v, ...(note ? { note } : {}), confirmCancellation });
    setConfirming(false);
    if (!r.ok) {
      setFormError(applyServerErrors(r.error, setError, errorText, fe));
      return;
    }
    onDone(describe(t, r.value, found.email));
    setValue('lists', []);
  };
  const submit = useSubmitOnce(
    handleSubmit(async (v) => {
      if (cancels) setConfirming(true);
      else await send(v, false);
    }),
  );
  const confirm = useSubmitOnce(handleSubmit((v) => send(v, true)));

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <FormError message={formError} title={t('optouts.notProcessed')} />
        <Controller
          control={control}
          name="lists"
          render={({ field, fieldState }) => (
            <Checkbox.Group label={t('optouts.listsToLeave')} value={field.value} onChange={(v) => field.onChange(v as MailingList[])} error={fieldState.error ? t('optouts.chooseList') : undefined}>
              <Stack gap={6} mt={6}>
                {LISTS.map((l, i) => (
                  <Checkbox key={l} value={l} label={t(`list.${l}`)} ref={i === 0 ? field.ref : undefined} onBlur={field.onBlur} />
                ))}
              </Stack>
            </Checkbox.Group>
          )}
        />
        {cancels && account && (
          <Alert color="orange" variant="light" title={t('optouts.cancelsTitle')} role="alert">
            {t('optouts.cancelsBody', { id: account.number })}
          </Alert>
        )}
        <Group grow align="flex-start">
          <NativeSelect
            label={t('account.col.reason')}
            data={[{ value: '', label: t('optouts.chooseReasonOption') }, ...OPT_OUT_REASONS.map((r) => ({ value: r, label: t(`reason.${r}`) }))]}
            {...register('reason')}
            error={e.reason ? t('optouts.chooseReason') : undefined}
          />
          <Controller
            control={control}
            name="requestedOn"
            render={({ field, fieldState }) => <DateField label={t('account.requestDate')} value={field.value} max={today} onChange={field.onChange} ref={field.ref} error={fe(fieldState.error)} />}
          />
        </Group>
        <Textarea
          label={t('optouts.note')}
          description={t(watch('reason') === 'other' ? 'optouts.noteRequired' : 'optouts.noteOptional')}
          {...register('note')}
          error={e.note ? (e.note.type === 'optout_note_required' ? t('optouts.describeOther') : fe(e.note)) : undefined}
          maxLength={500}
          autosize
          minRows={2}
        />
        <Group>
          <Button type="submit" color={cancels ? 'red' : undefined} loading={process.isPending}>
            {t(cancels ? 'optouts.submit.cancel' : account ? 'optouts.submit.unsubscribe' : 'optouts.submit.suppress')}
          </Button>
        </Group>
      </Stack>
      <Modal opened={confirming} onClose={() => setConfirming(false)} title={t('optouts.confirm.title', { id: account?.number ?? '' })}>
        <Stack>
          <Text size="sm">{t('optouts.confirm.body', { name: account?.name ?? '', id: account?.id ?? '' })}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)} autoFocus>
              {t('optouts.confirm.keep')}
            </Button>
            <Button color="red" loading={process.isPending} onClick={() => void confirm()}>
              {t('optouts.confirm.cancel')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </form>
  );
}
