import { Alert, Button, Checkbox, Fieldset, Group, NativeSelect, Paper, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import type { Notice } from '../../../../shared/contract/customers';
import {
  convertLeadInput,
  createLeadInput,
  LEAD_REMOVAL_LABELS,
  LEAD_REMOVAL_REASONS,
  PERMISSION_METHOD_LABELS,
  PERMISSION_METHODS,
  updateLeadInput,
  type Lead,
  type LeadRemovalReason,
  type LeadScript,
} from '../../../../shared/contract/leads';
import type { Product } from '../../../../shared/contract/products';
import { FormError } from '../../components/FormError';
import { call } from '../../lib/call';
import { applyServerErrors, keyedResolver } from '../../lib/form';

function Buttons({ submit, busy, onCancel, color }: { submit: string; busy: boolean; onCancel: () => void; color?: string }) {
  return (
    <Group justify="flex-end" mt="xs">
      <Button variant="default" onClick={onCancel}>
        Cancel
      </Button>
      <Button type="submit" loading={busy} color={color}>
        {submit}
      </Button>
    </Group>
  );
}

/** A text to read out, shown as a quotation the caller can follow. */
function ReadOut({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Paper withBorder p="sm" bg="var(--mantine-color-gray-0)" aria-label={label} role="note">
      <Text size="xs" c="dimmed" mb={4}>
        {label}
      </Text>
      <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
        {children}
      </Text>
    </Paper>
  );
}

type NewValues = z.input<typeof createLeadInput>;

const METHOD_OPTIONS = [{ value: '', label: 'Choose…' }, ...PERMISSION_METHODS.map((m) => ({ value: m, label: PERMISSION_METHOD_LABELS[m] }))];

/** A new lead: contact details and the complete express-permission block, or nothing is saved. */
export function NewLeadForm({ scripts, onDone, onCancel }: { scripts: LeadScript[]; onDone: (l: Lead) => void; onCancel: () => void }) {
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, setError, formState, watch, getValues } = useForm<NewValues, unknown, z.output<typeof createLeadInput>>({
    resolver: keyedResolver(createLeadInput),
    defaultValues: {
      name: '',
      phone: '',
      email: '',
      company: '',
      notes: '',
      permission: { obtainedBySelf: true, obtainedByName: '', obtainedAt: '', method: '' as never, scriptVersion: scripts[0]?.version ?? '', confirmation: '', prospectConfirmed: false as never },
    },
  });
  const e = formState.errors;
  const pe = e.permission;
  const self = watch('permission.obtainedBySelf');
  const script = scripts.find((s) => s.version === watch('permission.scriptVersion'));

  // Sends the form's values as typed (the contract's input), once the resolver has found them valid:
  // the parsed values carry the schema's transforms (empty optional fields become null).
  const submit = handleSubmit(async () => {
    setFormError(null);
    const v = getValues();
    const input: NewValues = { ...v, permission: { ...v.permission, obtainedByName: v.permission.obtainedBySelf ? undefined : v.permission.obtainedByName } };
    const r = await call(window.api.leads.create(input));
    if (r.ok) onDone(r.value);
    else setFormError(applyServerErrors(r.error, setError));
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <SimpleGrid cols={2}>
          <TextInput label="Name" data-autofocus {...register('name')} error={e.name?.message} />
          <TextInput label="Phone" {...register('phone')} error={e.phone?.message} />
          <TextInput label="Email" description="Optional; needed to register the prospect later." {...register('email')} error={e.email?.message} />
          <TextInput label="Company" description="Optional." {...register('company')} error={e.company?.message} />
        </SimpleGrid>
        <Textarea label="Notes" description="Optional. Never write card numbers here." autosize minRows={2} maxRows={6} {...register('notes')} error={e.notes?.message} />

        <Fieldset legend="Express permission (required)">
          <Stack gap="sm">
            <Checkbox label="I obtained this permission myself" {...register('permission.obtainedBySelf')} />
            {!self && (
              <TextInput
                label="Who obtained the permission"
                description="The colleague or agency caller who spoke to the prospect."
                {...register('permission.obtainedByName')}
                error={pe?.obtainedByName?.message}
              />
            )}
            <SimpleGrid cols={2}>
              <TextInput label="When permission was given" type="datetime-local" {...register('permission.obtainedAt')} error={pe?.obtainedAt?.message} />
              <NativeSelect label="How permission was given" data={METHOD_OPTIONS} {...register('permission.method')} error={pe?.method?.message} />
            </SimpleGrid>
            <NativeSelect
              label="Script or notice read to the prospect"
              data={scripts.map((s) => ({ value: s.version, label: `${s.version}: ${s.title}` }))}
              {...register('permission.scriptVersion')}
              error={pe?.scriptVersion?.message}
            />
            {script && <ReadOut label={`Text of script ${script.version}`}>{script.text}</ReadOut>}
            <Textarea
              label="Prospect's confirmation"
              description="Their own words, or a reference to the call recording or message that holds them."
              autosize
              minRows={2}
              {...register('permission.confirmation')}
              error={pe?.confirmation?.message}
            />
            <Checkbox label="The prospect confirmed that they give this permission" {...register('permission.prospectConfirmed')} error={pe?.prospectConfirmed?.message} />
          </Stack>
        </Fieldset>
        <FormError message={formError} />
        <Buttons submit="Save lead" busy={formState.isSubmitting} onCancel={onCancel} />
      </Stack>
    </form>
  );
}

type EditValues = z.input<typeof updateLeadInput>;

/** Correcting contact details. The permission evidence is not editable: it is a record of what happened. */
export function EditLeadForm({ lead, onDone, onCancel }: { lead: Lead; onDone: (l: Lead) => void; onCancel: () => void }) {
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, setError, formState } = useForm<EditValues, unknown, z.output<typeof updateLeadInput>>({
    resolver: keyedResolver(updateLeadInput),
    defaultValues: { id: lead.id, name: lead.name, phone: lead.phone, email: lead.email ?? '', company: lead.company ?? '', notes: lead.notes ?? '' },
  });
  const e = formState.errors;
  const submit = handleSubmit(async (v) => {
    setFormError(null);
    const r = await call(window.api.leads.update({ ...v, email: v.email ?? '', company: v.company ?? '', notes: v.notes ?? '' }));
    if (r.ok) onDone(r.value);
    else setFormError(applyServerErrors(r.error, setError));
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <TextInput label="Name" data-autofocus {...register('name')} error={e.name?.message} />
        <TextInput label="Phone" {...register('phone')} error={e.phone?.message} />
        <TextInput label="Email" {...register('email')} error={e.email?.message} />
        <TextInput label="Company" {...register('company')} error={e.company?.message} />
        <Textarea label="Notes" autosize minRows={2} maxRows={6} {...register('notes')} error={e.notes?.message} />
        <Text size="xs" c="dimmed">
          The permission evidence cannot be changed. If the prospect gives permission again, remove this lead and record a new one.
        </Text>
        <FormError message={formError} />
        <Buttons submit="Save changes" busy={formState.isSubmitting} onCancel={onCancel} />
      </Stack>
    </form>
  );
}

type ConvertValues = z.input<typeof convertLeadInput>;

/**
 * Registering the prospect. The caller reads the registration notice (and the marketing notice, if
 * the prospect wants marketing email) and asks the neutral birth-date question, as on the
 * registration form. The lead's permission is recorded with the consent events.
 */
export function ConvertLeadForm({ lead, onDone, onCancel }: { lead: Lead; onDone: (message: string) => void; onCancel: () => void }) {
  const [formError, setFormError] = useState<string | null>(null);
  const [products, setProducts] = useState<Product[] | null>(null);
  const [notices, setNotices] = useState<Notice[] | null>(null);
  const { register, handleSubmit, setError, formState, watch, setValue } = useForm<ConvertValues, unknown, z.output<typeof convertLeadInput>>({
    resolver: keyedResolver(convertLeadInput),
    defaultValues: { id: lead.id, productId: 0, birthDate: '', marketingOptIn: false, registrationNoticeVersion: '', marketingNoticeVersion: '' },
  });
  useEffect(() => {
    void Promise.all([call(window.api.products.list({})), call(window.api.customers.notices({}))]).then(([p, n]) => {
      if (!p.ok || !n.ok) {
        setFormError((!p.ok ? p.error.message : !n.ok ? n.error.message : null) ?? 'Could not load the registration form.');
        return;
      }
      setProducts(p.value.filter((x) => x.active));
      setNotices(n.value);
      setValue('registrationNoticeVersion', n.value.find((x) => x.id === 'registration')?.version ?? '');
      setValue('marketingNoticeVersion', n.value.find((x) => x.id === 'marketing')?.version ?? '');
    });
  }, [setValue]);
  const e = formState.errors;
  const marketing = watch('marketingOptIn');
  const registration = notices?.find((n) => n.id === 'registration');
  const marketingNotice = notices?.find((n) => n.id === 'marketing');

  const submit = handleSubmit(async (v) => {
    setFormError(null);
    const r = await call(window.api.leads.convert(v));
    if (!r.ok) {
      setFormError(applyServerErrors(r.error, setError));
      return;
    }
    if (r.value.outcome === 'refused') onDone(`${r.value.message} The lead was removed.`);
    else onDone(`${lead.name} is registered as account ${r.value.accountId}. The registration email is on its way.`);
  });

  if (lead.email === null) {
    return (
      <Stack>
        <Alert color="yellow" role="alert" title="An email address is needed">
          A registration needs the prospect&apos;s email address. Edit the lead to add the address they gave, then convert it.
        </Alert>
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel} data-autofocus>
            Close
          </Button>
        </Group>
      </Stack>
    );
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Text size="sm">
          Registering <strong>{lead.name}</strong> ({lead.email}). Their permission of {new Date(lead.permission.obtainedAt).toLocaleString()} is kept with the consent record.
        </Text>
        {!products && !formError && <Text size="sm">Loading…</Text>}
        {products && (
          <>
            <NativeSelect
              label="Product"
              data={[{ value: '0', label: 'Choose…' }, ...products.map((p) => ({ value: String(p.id), label: p.name }))]}
              {...register('productId', { setValueAs: (v: string) => Number(v) })}
              error={e.productId?.message}
              data-autofocus
            />
            <TextInput label="Date of birth" type="date" {...register('birthDate')} error={e.birthDate?.message} />
            {registration && <ReadOut label={`Registration notice ${registration.version} (read this out)`}>{registration.text}</ReadOut>}
            <Checkbox label="The prospect asked for marketing email" {...register('marketingOptIn')} />
            {marketing && marketingNotice && <ReadOut label={`Marketing notice ${marketingNotice.version} (read this out)`}>{marketingNotice.text}</ReadOut>}
          </>
        )}
        <FormError message={formError} />
        <Buttons submit="Register customer" busy={formState.isSubmitting} onCancel={onCancel} />
      </Stack>
    </form>
  );
}

const REASON_OPTIONS = [{ value: '', label: 'Choose…' }, ...LEAD_REMOVAL_REASONS.map((r) => ({ value: r, label: LEAD_REMOVAL_LABELS[r] }))];

export function RemoveLeadForm({ lead, onDone, onCancel }: { lead: Lead; onDone: () => void; onCancel: () => void }) {
  const [reason, setReason] = useState<LeadRemovalReason | ''>('');
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!reason) {
      setFormError('Choose why the lead is removed.');
      return;
    }
    setBusy(true);
    setFormError(null);
    const r = await call(window.api.leads.remove({ id: lead.id, reason }));
    setBusy(false);
    if (r.ok) onDone();
    else setFormError(r.error.message);
  };
  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <Stack>
        <Text size="sm">
          <strong>{lead.name}</strong> and their permission evidence will be deleted. The audit log keeps only that a lead was removed, and why.
        </Text>
        <NativeSelect label="Reason" data={REASON_OPTIONS} value={reason} onChange={(e) => setReason(e.currentTarget.value as LeadRemovalReason | '')} data-autofocus />
        <FormError message={formError} />
        <Buttons submit="Remove lead" color="red" busy={busy} onCancel={onCancel} />
      </Stack>
    </form>
  );
}
