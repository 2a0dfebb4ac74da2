import { Alert, Button, Checkbox, Fieldset, Group, NativeSelect, Paper, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { Controller, useForm } from 'react-hook-form';
import type { z } from 'zod';
import type { Notice } from '../../../../shared/contract/customers';
import {
  convertLeadInput,
  createLeadInput,
  LEAD_REMOVAL_REASONS,
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
import { DateField } from '../../components/DateField';
import { LANGUAGES, useErrorText, useFieldText, useFormat, useLanguage, useT, type Language } from '../../i18n';

function Buttons({ submit, busy, onCancel, color }: { submit: string; busy: boolean; onCancel: () => void; color?: string }) {
  const t = useT();
  return (
    <Group justify="flex-end" mt="xs">
      <Button variant="default" onClick={onCancel}>
        {t('common.cancel')}
      </Button>
      <Button type="submit" loading={busy} color={color}>
        {submit}
      </Button>
    </Group>
  );
}

/** A text to read out, shown as a quotation the caller can follow. */
function ReadOut({ label, lang, children }: { label: string; lang?: Language; children: ReactNode }) {
  return (
    <Paper withBorder p="sm" bg="var(--mantine-color-gray-0)" aria-label={label} role="note" lang={lang}>
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

/** A new lead: contact details and the complete express-permission block, or nothing is saved. */
export function NewLeadForm({ scripts, onDone, onCancel }: { scripts: LeadScript[]; onDone: (l: Lead) => void; onCancel: () => void }) {
  const t = useT();
  const fe = useFieldText();
  const errorText = useErrorText();
  const methodOptions = [{ value: '', label: t('exports.choose') }, ...PERMISSION_METHODS.map((m) => ({ value: m, label: t(`leads.method.${m}`) }))];
  const [formError, setFormError] = useState<string | null>(null);
  // The script is read in the prospect's language; the staff member's own is the first guess.
  const [scriptLanguage, setScriptLanguage] = useState<Language>(useLanguage.getState().language);
  const inLanguage = (l: Language) => scripts.filter((s) => s.language === l);
  const { register, handleSubmit, setError, formState, watch, getValues, setValue } = useForm<NewValues, unknown, z.output<typeof createLeadInput>>({
    resolver: keyedResolver(createLeadInput),
    defaultValues: {
      name: '',
      phone: '',
      email: '',
      company: '',
      notes: '',
      permission: { obtainedBySelf: true, obtainedByName: '', obtainedAt: '', method: '' as never, scriptVersion: inLanguage(scriptLanguage)[0]?.version ?? '', confirmation: '', prospectConfirmed: false as never },
    },
  });
  const e = formState.errors;
  const pe = e.permission;
  const self = watch('permission.obtainedBySelf');
  const script = scripts.find((s) => s.version === watch('permission.scriptVersion'));
  /** Another language: the same script in it, so the caller keeps their place. */
  const chooseScriptLanguage = (l: Language) => {
    setScriptLanguage(l);
    const same = inLanguage(l).find((s) => s.script === script?.script) ?? inLanguage(l)[0];
    setValue('permission.scriptVersion', same?.version ?? '');
  };

  // Sends the form's values as typed (the contract's input), once the resolver has found them valid:
  // the parsed values carry the schema's transforms (empty optional fields become null).
  const submit = handleSubmit(async () => {
    setFormError(null);
    const v = getValues();
    const input: NewValues = { ...v, permission: { ...v.permission, obtainedByName: v.permission.obtainedBySelf ? undefined : v.permission.obtainedByName } };
    const r = await call(window.api.leads.create(input));
    if (r.ok) onDone(r.value);
    else setFormError(applyServerErrors(r.error, setError, errorText, fe));
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <SimpleGrid cols={2}>
          <TextInput label={t('kiosk.form.name')} data-autofocus {...register('name')} error={fe(e.name)} />
          <TextInput label={t('kiosk.form.phone')} {...register('phone')} error={fe(e.phone)} />
          <TextInput label={t('kiosk.form.email')} description={t('leads.emailHint')} {...register('email')} error={fe(e.email)} />
          <TextInput label={t('kiosk.form.company')} description={t('optouts.noteOptional')} {...register('company')} error={fe(e.company)} />
        </SimpleGrid>
        <Textarea label={t('leads.notes')} description={t('leads.notesHint')} autosize minRows={2} maxRows={6} {...register('notes')} error={fe(e.notes)} />

        <Fieldset legend={t('leads.permission')}>
          <Stack gap="sm">
            <Checkbox label={t('leads.obtainedBySelf')} {...register('permission.obtainedBySelf')} />
            {!self && (
              <TextInput
                label={t('leads.obtainedBy')}
                description={t('leads.obtainedByHint')}
                {...register('permission.obtainedByName')}
                error={fe(pe?.obtainedByName)}
              />
            )}
            <SimpleGrid cols={2}>
              <TextInput label={t('leads.obtainedAt')} type="datetime-local" {...register('permission.obtainedAt')} error={fe(pe?.obtainedAt)} />
              <NativeSelect label={t('leads.how')} data={methodOptions} {...register('permission.method')} error={fe(pe?.method)} />
            </SimpleGrid>
            <SimpleGrid cols={2}>
              <NativeSelect
                label={t('leads.scriptLanguage')}
                data={LANGUAGES.map((l) => ({ value: l, label: t(`common.language.${l}`) }))}
                value={scriptLanguage}
                onChange={(ev) => chooseScriptLanguage(ev.currentTarget.value as Language)}
              />
              <NativeSelect
                label={t('leads.script')}
                data={inLanguage(scriptLanguage).map((s) => ({ value: s.version, label: `${s.version}: ${s.title}` }))}
                {...register('permission.scriptVersion')}
                error={fe(pe?.scriptVersion)}
              />
            </SimpleGrid>
            {script && (
              <ReadOut label={t('leads.scriptText', { version: script.version })} lang={script.language}>
                {script.text}
              </ReadOut>
            )}
            <Textarea
              label={t('leads.confirmation')}
              description={t('leads.confirmationHint')}
              autosize
              minRows={2}
              {...register('permission.confirmation')}
              error={fe(pe?.confirmation)}
            />
            <Checkbox label={t('leads.prospectConfirmed')} {...register('permission.prospectConfirmed')} error={fe(pe?.prospectConfirmed)} />
          </Stack>
        </Fieldset>
        <FormError message={formError} />
        <Buttons submit={t('leads.save')} busy={formState.isSubmitting} onCancel={onCancel} />
      </Stack>
    </form>
  );
}

type EditValues = z.input<typeof updateLeadInput>;

/** Correcting contact details. The permission evidence is not editable: it is a record of what happened. */
export function EditLeadForm({ lead, onDone, onCancel }: { lead: Lead; onDone: (l: Lead) => void; onCancel: () => void }) {
  const t = useT();
  const fe = useFieldText();
  const errorText = useErrorText();
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
    else setFormError(applyServerErrors(r.error, setError, errorText, fe));
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <TextInput label={t('kiosk.form.name')} data-autofocus {...register('name')} error={fe(e.name)} />
        <TextInput label={t('kiosk.form.phone')} {...register('phone')} error={fe(e.phone)} />
        <TextInput label={t('kiosk.form.email')} {...register('email')} error={fe(e.email)} />
        <TextInput label={t('kiosk.form.company')} {...register('company')} error={fe(e.company)} />
        <Textarea label={t('leads.notes')} autosize minRows={2} maxRows={6} {...register('notes')} error={fe(e.notes)} />
        <Text size="xs" c="dimmed">
          {t('leads.evidenceFixed')}
        </Text>
        <FormError message={formError} />
        <Buttons submit={t('leads.saveChanges')} busy={formState.isSubmitting} onCancel={onCancel} />
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
  const t = useT();
  const f = useFormat();
  const fe = useFieldText();
  const errorText = useErrorText();
  const [formError, setFormError] = useState<string | null>(null);
  const [products, setProducts] = useState<Product[] | null>(null);
  const [notices, setNotices] = useState<Notice[] | null>(null);
  // The converted customer's language is the one the script was read in; the notices follow it.
  const language = lead.permission.scriptLanguage;
  const { register, control, handleSubmit, setError, formState, watch, setValue } = useForm<ConvertValues, unknown, z.output<typeof convertLeadInput>>({
    resolver: keyedResolver(convertLeadInput),
    defaultValues: { id: lead.id, productId: 0, birthDate: '', marketingOptIn: false, registrationNoticeVersion: '', marketingNoticeVersion: '' },
  });
  useEffect(() => {
    void Promise.all([call(window.api.products.list({})), call(window.api.customers.notices({}))]).then(([p, n]) => {
      if (!p.ok || !n.ok) {
        setFormError(!p.ok ? errorText(p.error) : !n.ok ? errorText(n.error) : t('leads.loadFailed'));
        return;
      }
      setProducts(p.value.filter((x) => x.active));
      setNotices(n.value);
      setValue('registrationNoticeVersion', n.value.find((x) => x.id === 'registration' && x.language === language)?.version ?? '');
      setValue('marketingNoticeVersion', n.value.find((x) => x.id === 'marketing' && x.language === language)?.version ?? '');
    });
  }, [setValue, errorText, t, language]);
  const e = formState.errors;
  const marketing = watch('marketingOptIn');
  const registration = notices?.find((n) => n.id === 'registration' && n.language === language);
  const marketingNotice = notices?.find((n) => n.id === 'marketing' && n.language === language);

  const submit = handleSubmit(async (v) => {
    setFormError(null);
    const r = await call(window.api.leads.convert(v));
    if (!r.ok) {
      setFormError(applyServerErrors(r.error, setError, errorText, fe));
      return;
    }
    if (r.value.outcome === 'refused') onDone(`${t('register.refused')} ${t('leads.removedAfterRefusal')}`);
    else onDone(t('leads.converted', { name: lead.name, id: r.value.accountId }));
  });

  if (lead.email === null) {
    return (
      <Stack>
        <Alert color="yellow" role="alert" title={t('leads.emailNeeded')}>
          {t('leads.emailNeededBody')}
        </Alert>
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel} data-autofocus>
            {t('common.close')}
          </Button>
        </Group>
      </Stack>
    );
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Text size="sm">
          {t('leads.registering', { name: lead.name, email: lead.email, when: f.dateTime(lead.permission.obtainedAt) })}
        </Text>
        {!products && !formError && <Text size="sm">{t('leads.loading')}</Text>}
        {products && (
          <>
            <NativeSelect
              label={t('register.product')}
              data={[{ value: '0', label: t('exports.choose') }, ...products.map((p) => ({ value: String(p.id), label: p.name }))]}
              {...register('productId', { setValueAs: (v: string) => Number(v) })}
              error={fe(e.productId)}
              data-autofocus
            />
            <Controller control={control} name="birthDate" render={({ field }) => <DateField label={t('register.birthDate')} value={field.value} onChange={field.onChange} error={fe(e.birthDate)} />} />
            {registration && <ReadOut label={t('leads.registrationNotice', { version: registration.version })} lang={registration.language}>{registration.text}</ReadOut>}
            <Checkbox label={t('leads.marketing')} {...register('marketingOptIn')} />
            {marketing && marketingNotice && <ReadOut label={t('leads.marketingNotice', { version: marketingNotice.version })} lang={marketingNotice.language}>{marketingNotice.text}</ReadOut>}
          </>
        )}
        <FormError message={formError} />
        <Buttons submit={t('nav.register')} busy={formState.isSubmitting} onCancel={onCancel} />
      </Stack>
    </form>
  );
}

export function RemoveLeadForm({ lead, onDone, onCancel }: { lead: Lead; onDone: () => void; onCancel: () => void }) {
  const t = useT();
  const errorText = useErrorText();
  const reasonOptions = [{ value: '', label: t('exports.choose') }, ...LEAD_REMOVAL_REASONS.map((r) => ({ value: r, label: t(`leads.removal.${r}`) }))];
  const [reason, setReason] = useState<LeadRemovalReason | ''>('');
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!reason) {
      setFormError(t('leads.chooseRemoval'));
      return;
    }
    setBusy(true);
    setFormError(null);
    const r = await call(window.api.leads.remove({ id: lead.id, reason }));
    setBusy(false);
    if (r.ok) onDone();
    else setFormError(errorText(r.error));
  };
  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <Stack>
        <Text size="sm">
          {t('leads.removeBody', { name: lead.name })}
        </Text>
        <NativeSelect label={t('account.col.reason')} data={reasonOptions} value={reason} onChange={(e) => setReason(e.currentTarget.value as LeadRemovalReason | '')} data-autofocus />
        <FormError message={formError} />
        <Buttons submit={t('leads.remove')} color="red" busy={busy} onCancel={onCancel} />
      </Stack>
    </form>
  );
}
