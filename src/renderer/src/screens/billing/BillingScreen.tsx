import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Button, Card, Checkbox, Group, Modal, NativeSelect, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { CARD_BRAND_LABELS, CARD_BRANDS, cardLast4, saveBillingInput, type BillingCustomer } from '../../../../shared/contract/billing';
import { StatusBadge } from '../../components/StatusBadge';
import { STATUS_COLORS, STATUS_LABELS } from '../../lib/account-status';
import { FormError } from '../../components/FormError';
import { PageHeader } from '../../components/PageHeader';
import { StatusMessage } from '../../components/StatusMessage';
import { call } from '../../lib/call';
import { applyServerErrors } from '../../lib/form';
import { formatDateTime } from '../../lib/format';

/**
 * Billing details (policy 4), for billing clerks only: the billing address, and the card as its
 * brand and last four digits. A full card number is refused anywhere in the app.
 */
export function BillingScreen() {
  const [email, setEmail] = useState('');
  const [customer, setCustomer] = useState<BillingCustomer | null>(null);
  const [notFound, setNotFound] = useState(false);
  const [findError, setFindError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  const find = async (e: FormEvent) => {
    e.preventDefault();
    setFindError(null);
    setStatus(null);
    const r = await call(window.api.billing.find({ email }));
    if (!r.ok) {
      setFindError(r.error.message);
      setCustomer(null);
      return;
    }
    setCustomer(r.value);
    setNotFound(r.value === null);
  };

  return (
    <Stack gap="md">
      <PageHeader
        title="Billing"
        description="Billing address and card of a customer. Only the card brand and its last four digits are ever kept; a full card number is refused everywhere."
      />
      <form onSubmit={(e) => void find(e)} role="search" aria-label="Find a customer's billing details">
        <Group align="flex-end" gap="xs">
          <TextInput label="Customer email" type="email" value={email} onChange={(e) => setEmail(e.currentTarget.value)} w={360} autoFocus />
          <Button type="submit" variant="default">
            Find
          </Button>
        </Group>
      </form>
      <FormError message={findError} title="Not found" />
      {notFound && <Text c="dimmed">No customer account has this email.</Text>}
      <StatusMessage message={status} onClose={() => setStatus(null)} />
      {customer && (
        <BillingCard
          key={`${customer.accountId}-${customer.billing?.updatedAt ?? 'none'}`}
          customer={customer}
          onSaved={(c, message) => {
            setCustomer(c);
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
    if (!(CARD_BRANDS as readonly string[]).includes(v.cardBrand)) ctx.addIssue({ code: 'custom', path: ['cardBrand'], message: 'Choose the card brand.' });
    const last4 = cardLast4.safeParse(v.cardLast4);
    if (!last4.success) ctx.addIssue({ code: 'custom', path: ['cardLast4'], message: last4.error.issues[0]?.message ?? 'Enter the last four digits.' });
  });
type Values = z.input<typeof formSchema>;

function BillingCard({ customer, onSaved }: { customer: BillingCustomer; onSaved: (c: BillingCustomer, message: string) => void }) {
  const b = customer.billing;
  const [formError, setFormError] = useState<string | null>(null);
  const [confirmRemove, setConfirmRemove] = useState(false);
  const { register, handleSubmit, setError, formState, watch } = useForm<Values, unknown, z.output<typeof formSchema>>({
    resolver: zodResolver(formSchema),
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

  const submit = handleSubmit(async ({ hasCard: withCard, cardBrand, cardLast4, ...rest }) => {
    setFormError(null);
    const input = { ...rest, addressLine2: rest.addressLine2 ?? '', card: withCard ? { brand: cardBrand as (typeof CARD_BRANDS)[number], last4: cardLast4 } : null };
    const r = await call(window.api.billing.save(input));
    if (r.ok) onSaved(r.value, 'Billing details saved.');
    else {
      // The contract's card fields live under card.*; the form shows them as cardBrand / cardLast4.
      const mapped = { ...r.error, fields: r.error.fields?.map((f) => ({ ...f, path: f.path === 'card.brand' ? 'cardBrand' : f.path === 'card.last4' ? 'cardLast4' : f.path })) };
      setFormError(applyServerErrors(mapped, setError));
    }
  });

  const remove = async () => {
    setConfirmRemove(false);
    const r = await call(window.api.billing.remove({ accountId: customer.accountId }));
    if (r.ok) onSaved({ ...customer, billing: null }, 'Billing details removed.');
    else setFormError(r.error.message);
  };

  return (
    <Card withBorder padding="lg" component="section" aria-label={`Billing details of ${customer.name}`}>
      <Stack gap="md">
        <Group justify="space-between">
          <div>
            <Title order={3}>{customer.name}</Title>
            <Text size="sm" c="dimmed">
              {customer.email} · account {customer.accountId}
            </Text>
          </div>
          <StatusBadge color={STATUS_COLORS[customer.status]}>{STATUS_LABELS[customer.status]}</StatusBadge>
        </Group>
        {customer.status === 'cancelled' && (
          <Alert color="gray" variant="light" title="This account is closed">
            A cancelled account takes no billing details. Existing details can still be removed.
          </Alert>
        )}
        {b ? (
          <Text size="sm">
            Card on file: {b.card ? `${CARD_BRAND_LABELS[b.card.brand]} ending ${b.card.last4}` : 'none'} · last changed {formatDateTime(b.updatedAt)} by {b.updatedByName}
          </Text>
        ) : (
          <Text size="sm" c="dimmed">
            No billing details yet.
          </Text>
        )}
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            <TextInput label="Billing name" {...register('billingName')} error={e.billingName?.message} disabled={!editable} />
            <TextInput label="Street address" {...register('addressLine1')} error={e.addressLine1?.message} disabled={!editable} />
            <TextInput label="Address line 2" description="Optional." {...register('addressLine2')} error={e.addressLine2?.message} disabled={!editable} />
            <SimpleGrid cols={3}>
              <TextInput label="Postal code" {...register('postalCode')} error={e.postalCode?.message} disabled={!editable} />
              <TextInput label="City" {...register('city')} error={e.city?.message} disabled={!editable} />
              <TextInput label="Country" {...register('country')} error={e.country?.message} disabled={!editable} />
            </SimpleGrid>
            <Checkbox label="Card on file" {...register('hasCard')} disabled={!editable} />
            {hasCard && (
              <SimpleGrid cols={2}>
                <NativeSelect
                  label="Card brand"
                  data={[{ value: '', label: 'Choose…' }, ...CARD_BRANDS.map((c) => ({ value: c, label: CARD_BRAND_LABELS[c] }))]}
                  {...register('cardBrand')}
                  error={e.cardBrand?.message}
                />
                <TextInput
                  label="Last four digits"
                  description="Only the last four digits. Never type the full card number."
                  inputMode="numeric"
                  autoComplete="off"
                  {...register('cardLast4')}
                  error={e.cardLast4?.message}
                />
              </SimpleGrid>
            )}
            <FormError message={formError} />
            <Group justify="space-between">
              {b ? (
                <Button variant="light" color="red" onClick={() => setConfirmRemove(true)}>
                  Remove billing details
                </Button>
              ) : (
                <span />
              )}
              {editable && (
                <Button type="submit" loading={formState.isSubmitting}>
                  Save billing details
                </Button>
              )}
            </Group>
          </Stack>
        </form>
      </Stack>
      <Modal opened={confirmRemove} onClose={() => setConfirmRemove(false)} title="Remove billing details">
        <Stack>
          <Text size="sm">The billing address and card of {customer.name} will be deleted.</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirmRemove(false)} data-autofocus>
              Cancel
            </Button>
            <Button color="red" onClick={() => void remove()}>
              Remove
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Card>
  );
}
