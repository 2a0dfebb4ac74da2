import { Alert, Button, Card, Checkbox, Group, Modal, NativeSelect, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { contract } from '../../../../shared/contract';
import { CARD_BRAND_LABELS, CARD_BRANDS, cardLast4, saveBillingInput, type BillingCustomer } from '../../../../shared/contract/billing';
import { rule } from '../../../../shared/errors';
import { StatusBadge } from '../../components/StatusBadge';
import { STATUS_COLORS } from '../../lib/account-status';
import { FormError } from '../../components/FormError';
import { PageHeader } from '../../components/PageHeader';
import { StatusMessage } from '../../components/StatusMessage';
import { useChannelMutation } from '../../data';
import { applyServerErrors, keyedResolver, useSubmitOnce } from '../../lib/form';
import { useErrorText, useFieldText, useFormat, useT } from '../../i18n';

const findInput = contract['billing.find'].input;

/**
 * Billing details (policy 4), for billing clerks only: the billing address, and the card as its
 * brand and last four digits. A full card number is refused anywhere in the app.
 */
export function BillingScreen() {
  const t = useT();
  const errorText = useErrorText();
  const fe = useFieldText();
  // Looking a customer up is a read the person asks for: once per request, the latest answer shown.
  const finding = useChannelMutation('billing.find', { read: true });
  const [saved, setSaved] = useState<BillingCustomer | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const customer = saved ?? finding.data ?? null;
  const notFound = finding.isSuccess && finding.data === null;
  const findError = finding.problem && !finding.problem.fields?.length ? errorText(finding.problem) : null;
  const { register, handleSubmit, setError, formState } = useForm<z.input<typeof findInput>, unknown, z.output<typeof findInput>>({ resolver: keyedResolver(findInput), defaultValues: { email: '' } });

  const find = useSubmitOnce(
    handleSubmit(async (input) => {
      setStatus(null);
      setSaved(null);
      const r = await finding.run(input);
      if (!r.ok) applyServerErrors(r.error, setError, errorText, fe);
    }),
  );

  return (
    <Stack gap="md">
      <PageHeader title={t('nav.billing')} description={t('billing.description')} />
      <form onSubmit={find} noValidate role="search" aria-label={t('billing.find')}>
        <Group align="flex-start" gap="xs">
          <TextInput label={t('billing.customerEmail')} type="email" {...register('email')} error={fe(formState.errors.email)} w={360} autoFocus />
          <Button type="submit" variant="default" mt={25} loading={finding.isPending}>
            {t('optouts.find')}
          </Button>
        </Group>
      </form>
      <FormError message={findError} title={t('billing.notFound')} />
      {notFound && <Text c="dimmed">{t('billing.noAccount')}</Text>}
      <StatusMessage message={status} onClose={() => setStatus(null)} />
      {customer && (
        <BillingCard
          key={`${customer.accountId}-${customer.billing?.updatedAt ?? 'none'}`}
          customer={customer}
          onSaved={(c, message) => {
            setSaved(c);
            setStatus(message);
          }}
        />
      )}
    </Stack>
  );
}

/** The form's shape: the card is two plain fields and a checkbox; the contract's `card` is built on submit. */
const formSchema = saveBillingInput
  .omit({ card: true })
  .extend({ hasCard: z.boolean(), cardBrand: z.string(), cardLast4: z.string() })
  .superRefine((v, ctx) => {
    if (!v.hasCard) return;
    if (!(CARD_BRANDS as readonly string[]).includes(v.cardBrand)) ctx.addIssue({ code: 'custom', ...rule('invalid_choice', { params: { options: [...CARD_BRANDS] }, path: ['cardBrand'] }) });
    const last4 = cardLast4.safeParse(v.cardLast4);
    if (!last4.success) ctx.addIssue({ code: 'custom', ...rule('card_last4', { path: ['cardLast4'] }) });
  });
type Values = z.input<typeof formSchema>;

function BillingCard({ customer, onSaved }: { customer: BillingCustomer; onSaved: (c: BillingCustomer, message: string) => void }) {
  const t = useT();
  const f = useFormat();
  const fe = useFieldText();
  const errorText = useErrorText();
  const b = customer.billing;
  const [formError, setFormError] = useState<string | null>(null);
  const [confirmRemove, setConfirmRemove] = useState(false);
  const { register, handleSubmit, setError, formState, watch } = useForm<Values, unknown, z.output<typeof formSchema>>({
    resolver: keyedResolver(formSchema),
    defaultValues: {
      accountId: customer.accountId,
      billingName: b?.billingName ?? customer.name,
      addressLine1: b?.addressLine1 ?? '',
      addressLine2: b?.addressLine2 ?? '',
      postalCode: b?.postalCode ?? '',
      city: b?.city ?? '',
      country: b?.country ?? '',
      hasCard: b?.card !== null && b?.card !== undefined,
      cardBrand: b?.card?.brand ?? '',
      cardLast4: b?.card?.last4 ?? '',
    },
  });
  const e = formState.errors;
  const hasCard = watch('hasCard');
  // A cancelled account takes no billing details (the core refuses them too); removal stays possible.
  const editable = customer.status === 'active';

  const save = useChannelMutation('billing.save');
  const removal = useChannelMutation('billing.remove');
  const submit = useSubmitOnce(handleSubmit(async ({ hasCard: withCard, cardBrand, cardLast4, ...rest }) => {
    setFormError(null);
    const input = { ...rest, addressLine2: rest.addressLine2 ?? '', card: withCard ? { brand: cardBrand as (typeof CARD_BRANDS)[number], last4: cardLast4 } : null };
    const r = await save.run(input);
    if (r.ok) onSaved(r.value, t('billing.saved'));
    else {
      // The contract's card fields live under card.*; the form shows them as cardBrand / cardLast4.
      const mapped = { ...r.error, fields: r.error.fields?.map((f) => ({ ...f, path: f.path === 'card.brand' ? 'cardBrand' : f.path === 'card.last4' ? 'cardLast4' : f.path })) };
      setFormError(applyServerErrors(mapped, setError, errorText, fe));
    }
  }));

  const remove = async () => {
    setConfirmRemove(false);
    const r = await removal.run({ accountId: customer.accountId });
    if (r.ok) onSaved({ ...customer, billing: null }, t('billing.removed'));
    else setFormError(errorText(r.error));
  };

  return (
    <Card withBorder padding="lg" component="section" aria-label={t('billing.of', { name: customer.name })}>
      <Stack gap="md">
        <Group justify="space-between">
          <div>
            <Title order={3}>{customer.name}</Title>
            <Text size="sm" c="dimmed">
              {customer.email} · {t('outbox.account', { id: customer.accountId })}
            </Text>
          </div>
          <StatusBadge color={STATUS_COLORS[customer.status]}>{t(`account.status.${customer.status}`)}</StatusBadge>
        </Group>
        {customer.status === 'cancelled' && (
          <Alert color="gray" variant="light" title={t('account.closedTitle')}>
            {t('billing.closedBody')}
          </Alert>
        )}
        {b ? (
          <Text size="sm">
            {t('billing.cardOnFileLine', {
              card: b.card ? t('billing.cardEnding', { brand: b.card.brand === 'other' ? t('billing.brandOther') : CARD_BRAND_LABELS[b.card.brand], last4: b.card.last4 }) : t('billing.noCard'),
              when: f.dateTime(b.updatedAt),
              name: b.updatedByName,
            })}
          </Text>
        ) : (
          <Text size="sm" c="dimmed">
            {t('billing.none')}
          </Text>
        )}
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            <TextInput label={t('billing.name')} {...register('billingName')} error={fe(e.billingName)} disabled={!editable} />
            <TextInput label={t('billing.street')} {...register('addressLine1')} error={fe(e.addressLine1)} disabled={!editable} />
            <TextInput label={t('billing.line2')} description={t('optouts.noteOptional')} {...register('addressLine2')} error={fe(e.addressLine2)} disabled={!editable} />
            <SimpleGrid cols={3}>
              <TextInput label={t('billing.postalCode')} {...register('postalCode')} error={fe(e.postalCode)} disabled={!editable} />
              <TextInput label={t('billing.city')} {...register('city')} error={fe(e.city)} disabled={!editable} />
              <TextInput label={t('billing.country')} {...register('country')} error={fe(e.country)} disabled={!editable} />
            </SimpleGrid>
            <Checkbox label={t('billing.cardOnFile')} {...register('hasCard')} disabled={!editable} />
            {hasCard && (
              <SimpleGrid cols={2}>
                <NativeSelect
                  label={t('billing.brand')}
                  data={[{ value: '', label: t('exports.choose') }, ...CARD_BRANDS.map((c) => ({ value: c, label: c === 'other' ? t('billing.brandOther') : CARD_BRAND_LABELS[c] }))]}
                  {...register('cardBrand')}
                  error={fe(e.cardBrand)}
                />
                <TextInput
                  label={t('billing.last4')}
                  description={t('billing.last4Hint')}
                  inputMode="numeric"
                  autoComplete="off"
                  {...register('cardLast4')}
                  error={fe(e.cardLast4)}
                />
              </SimpleGrid>
            )}
            <FormError message={formError} />
            <Group justify="space-between">
              {b ? (
                <Button variant="light" color="red" onClick={() => setConfirmRemove(true)}>
                  {t('billing.remove')}
                </Button>
              ) : (
                <span />
              )}
              {editable && (
                <Button type="submit" loading={formState.isSubmitting}>
                  {t('billing.save')}
                </Button>
              )}
            </Group>
          </Stack>
        </form>
      </Stack>
      <Modal opened={confirmRemove} onClose={() => setConfirmRemove(false)} title={t('billing.remove')}>
        <Stack>
          <Text size="sm">{t('billing.removeBody', { name: customer.name })}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirmRemove(false)} data-autofocus>
              {t('common.cancel')}
            </Button>
            <Button color="red" onClick={() => void remove()}>
              {t('billing.removeButton')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Card>
  );
}
