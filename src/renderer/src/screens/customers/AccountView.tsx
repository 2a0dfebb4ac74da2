import { Button, Checkbox, Group, Modal, NativeSelect, Paper, SimpleGrid, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { StatusBadge } from '../../components/StatusBadge';
import { BadgeCell, SimpleTable } from '../../components/SimpleTable';
import { useState } from 'react';
import { RESUBSCRIBABLE_LISTS, type AccountDetail, resubscribeInput } from '../../../../shared/contract/customers';
import { Controller, useForm } from 'react-hook-form';
import type { z } from 'zod';
import { NOTICE_OF_LIST, RESUBSCRIBE_METHODS, type MailingList } from '../../../../shared/customers-lists';
import { FormError } from '../../components/FormError';
import { DateField } from '../../components/DateField';
import { useChannelMutation, useChannelQuery } from '../../data';
import { applyServerErrors, mappedResolver, useSubmitOnce } from '../../lib/form';
import { useErrorText, useFieldText, useFormat, useT, useToday } from '../../i18n';
import { useSession } from '../../lib/session-store';
import { STATUS_COLORS } from '../../lib/account-status';

/**
 * One account: status, product, each list's current state and the full consent history (who,
 * what, when, how, and the notice version). Service notes and billing are not part of it.
 */
export function AccountView({ account, onChanged }: { account: AccountDetail; onChanged?: (a: AccountDetail) => void }) {
  const t = useT();
  const f = useFormat();
  const canProcess = useSession((s) => s.session?.permissions.includes('optouts.process') ?? false);
  const [resubscribe, setResubscribe] = useState<MailingList | null>(null);
  const a = account;
  return (
    <Stack gap="md" aria-label={t('register.account', { id: a.number })} role="region">
      <Group justify="space-between" align="flex-start">
        <Stack gap={2}>
          <Title order={3}>
            {a.name}
          </Title>
          <Text size="sm" c="dimmed">
            {t('register.account', { id: a.number })} · {a.email}
          </Text>
        </Stack>
        <StatusBadge size="lg" color={STATUS_COLORS[a.status]} label={t('account.statusLabel', { status: t(`account.status.${a.status}`) })}>
          {t(`account.status.${a.status}`)}
        </StatusBadge>
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 4 }}>
        <Field label={t('register.product')} value={a.productName} />
        <Field label={t('register.language')} value={t(`common.language.${a.language}`)} />
        <Field label={t('accounts.col.registered')} value={f.dateTime(a.createdAt)} />
        {a.mergedNumbers.length > 0 && <Field label={t('account.merged')} value={t('account.mergedNumbers', { numbers: a.mergedNumbers.join(', ') })} />}
        <Field
          label={t('account.registrationEmail')}
          value={a.registrationEmail ? `${t(`account.mail.${a.registrationEmail.status}`)}${a.registrationEmail.sentAt ? ` (${f.dateTime(a.registrationEmail.sentAt)})` : ''}` : '—'}
        />
      </SimpleGrid>
      {a.status === 'cancelled' && (
        <Paper withBorder p="sm" bg="gray.0">
          <Text size="sm">
            {t('account.cancelled', {
              when: a.cancelledAt ? f.dateTime(a.cancelledAt) : '',
              details: `${a.cancelReason ? ` · ${t(`reason.${a.cancelReason}`)}` : ''}${a.cancelNote ? ` · ${a.cancelNote}` : ''}`,
            })}
          </Text>
        </Paper>
      )}

      <Table aria-label={t('account.lists')} withTableBorder verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('account.col.list')}</Table.Th>
            <Table.Th>{t('account.col.state')}</Table.Th>
            <Table.Th>{t('account.col.since')}</Table.Th>
            {canProcess && a.status === 'active' && <Table.Th>{t('account.col.action')}</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {a.lists.map((l) => (
            <Table.Tr key={l.list}>
              <Table.Td>{t(`list.${l.list}`)}</Table.Td>
              <BadgeCell color={l.subscribed ? 'teal' : 'gray'}>{t(l.subscribed ? 'account.subscribed' : 'account.notSubscribed')}</BadgeCell>
              <Table.Td>{l.since ? f.dateTime(l.since) : '—'}</Table.Td>
              {canProcess && a.status === 'active' && (
                <Table.Td>
                  {!l.subscribed && (RESUBSCRIBABLE_LISTS as readonly MailingList[]).includes(l.list) && (
                    <Button size="xs" variant="default" onClick={() => setResubscribe(l.list)}>
                      {t('account.resubscribe', { list: t(`list.${l.list}`) })}
                    </Button>
                  )}
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>

      <Title order={4}>{t('account.history')}</Title>
      <SimpleTable
        label={t('account.history')}
        headers={[t('account.col.when'), t('account.col.list'), t('account.col.change'), t('account.col.how'), t('account.col.reason'), t('account.col.notice'), t('account.col.askedOn'), t('account.col.takenBy')]} minWidth={900} striped verticalSpacing="xs">
        {a.history.map((e) => (
          <Table.Tr key={e.id}>
            <Table.Td>{f.dateTime(e.recordedAt)}</Table.Td>
            <Table.Td>{t(`list.${e.list}`)}</Table.Td>
            <Table.Td>
              {t(e.action === 'subscribe' ? 'account.subscribed' : 'account.unsubscribed')}
              {e.cause === 'account_cancelled' && (
                <Text size="xs" c="dimmed">
                  {t('account.cause.cancelled')}
                </Text>
              )}
              {e.cause === 'account_reopened' && (
                <Text size="xs" c="dimmed">
                  {t('account.cause.reopened')}
                </Text>
              )}
            </Table.Td>
            <Table.Td>
              {t(`method.${e.method}`)}
              {e.importId !== null && (
                <Text size="xs" c="dimmed">
                  {t('account.import', { id: e.importId })}
                </Text>
              )}
            </Table.Td>
            <Table.Td>
              {e.reason ? t(`reason.${e.reason}`) : '—'}
              {e.note && (
                <Text size="xs" c="dimmed">
                  {e.note}
                </Text>
              )}
            </Table.Td>
            <Table.Td>
              {e.notice ? (
                <Tooltip label={t('account.noticeHash', { hash: e.notice.hash })}>
                  <Text size="sm" span>
                    {e.notice.id} {e.notice.version}
                  </Text>
                </Tooltip>
              ) : (
                '—'
              )}
            </Table.Td>
            <Table.Td>{f.date(e.requestedOn)}</Table.Td>
            <Table.Td>
              {e.staff?.name ?? '—'}
              <Text size="xs" c="dimmed">
                {e.device}
              </Text>
            </Table.Td>
          </Table.Tr>
        ))}
      </SimpleTable>
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

interface ResubscribeValues {
  method: (typeof RESUBSCRIBE_METHODS)[number];
  requestedOn: string;
  agreed: boolean;
}

/** The form's fields as the resubscribe input's paths. */
const resubscribeField = (path: string) => (path === 'confirmed' ? 'agreed' : path);

/** A re-subscription is a new, explicit consent: the notice text is shown and the customer's agreement confirmed. */
function ResubscribeDialog({ account, list, onClose, onDone }: { account: AccountDetail; list: MailingList; onClose: () => void; onDone: (a: AccountDetail) => void }) {
  const t = useT();
  const fe = useFieldText();
  const errorText = useErrorText();
  const today = useToday();
  const notices = useChannelQuery('customers.notices', {});
  // Read to the customer in their own language, and cited as that language's version.
  const notice = notices.data?.find((n) => n.id === NOTICE_OF_LIST[list] && n.language === account.language) ?? null;
  const resubscribe = useChannelMutation('customers.resubscribe');
  const [formError, setFormError] = useState<string | null>(null);
  // Built once the notice is known: the version the customer was shown is part of the input.
  const resolver = mappedResolver<ResubscribeValues, typeof resubscribeInput>(
    resubscribeInput,
    (v) => ({ accountId: account.id, list, method: v.method, requestedOn: v.requestedOn, noticeVersion: notice?.version ?? '', confirmed: v.agreed }),
    resubscribeField,
  );
  const { register, control, handleSubmit, setError, formState } = useForm<ResubscribeValues, unknown, z.output<typeof resubscribeInput>>({ resolver, defaultValues: { method: 'phone', requestedOn: today, agreed: false } });
  const submit = useSubmitOnce(
    handleSubmit(async (input) => {
      setFormError(null);
      const r = await resubscribe.run(input);
      if (r.ok) onDone(r.value);
      else setFormError(applyServerErrors(r.error, setError, errorText, fe, resubscribeField));
    }),
  );
  const e = formState.errors;

  const title = t('account.resubscribe', { list: t(`list.${list}`) });
  return (
    <Modal opened onClose={onClose} title={title} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm">{t('account.readNotice')}</Text>
          <Paper withBorder p="sm" role="note" aria-label={t('account.noticeText')}>
            <Text size="sm" lang={notice?.language}>
              {notice?.text ?? t('account.loadingNotice')}
            </Text>
            {notice && (
              <Text size="xs" c="dimmed" mt={4}>
                {t('account.noticeVersion', { id: notice.id, version: notice.version })}
              </Text>
            )}
          </Paper>
          <NativeSelect label={t('account.howAsked')} data={RESUBSCRIBE_METHODS.map((m) => ({ value: m, label: t(`method.${m}`) }))} {...register('method')} error={fe(e.method)} />
          <Controller
            control={control}
            name="requestedOn"
            render={({ field, fieldState }) => <DateField label={t('account.requestDate')} value={field.value} max={today} onChange={field.onChange} ref={field.ref} error={fe(fieldState.error)} />}
          />
          {/* The agreement is announced where it is missing, on the checkbox itself. */}
          <Checkbox label={t('account.agreedNow')} {...register('agreed')} error={e.agreed ? <span role="alert">{t('account.confirmAgreed')}</span> : undefined} />
          <FormError message={notices.errorMessage ?? formError} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.close')}
            </Button>
            <Button type="submit" loading={resubscribe.isPending} disabled={!notice}>
              {t('account.recordResubscribe')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
