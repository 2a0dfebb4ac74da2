import { Alert, Button, Checkbox, Fieldset, Group, NativeSelect, Paper, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { Controller, useForm } from 'react-hook-form';
import type { z } from 'zod';
import { contract } from '../../../../shared/contract';
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
import { FormError } from '../../components/FormError';
import { useChannelMutation, useChannelQuery } from '../../data';
import { applyServerErrors, keyedResolver, useSubmitOnce } from '../../lib/form';
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
  const creating = useChannelMutation('leads.create');
  const submit = useSubmitOnce(
    handleSubmit(async () => {
      setFormError(null);
      const v = getValues();
      const input: NewValues = { ...v, permission: { ...v.permission, obtainedByName: v.permission.obtainedBySelf ? undefined : v.permission.obtainedByName } };
      const r = await creating.run(input);
      if (r.ok) onDone(r.value);
      else setFormError(applyServerErrors(r.error, setError, errorText, fe));
    }),
  );

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
        <Buttons submit={t('leads.save')} busy={creating.isPending} onCancel={onCancel} />
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
  const updating = useChannelMutation('leads.update');
  const submit = useSubmitOnce(
    handleSubmit(async (v) => {
      setFormError(null);
      const r = await updating.run({ ...v, email: v.email ?? '', company: v.company ?? '', notes: v.notes ?? '' });
      if (r.ok) onDone(r.value);
      else setFormError(applyServerErrors(r.error, setError, errorText, fe));
    }),
  );
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
        <Buttons submit={t('leads.saveChanges')} busy={updating.isPending} onCancel={onCancel} />
      </Stack>
    </form>
  );
}

/** The conversion's fields; the notice versions are the ones shown, added on submit. */
const convertForm = convertLeadInput.omit({ registrationNoticeVersion: true, marketingNoticeVersion: true });
type ConvertValues = z.input<typeof convertForm>;

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
  const productList = useChannelQuery('products.list', {});
  const noticeList = useChannelQuery('customers.notices', {});
  const products = productList.data?.filter((x) => x.active) ?? null;
  const loadError = productList.errorMessage ?? noticeList.errorMessage;
  // The converted customer's language is the one the script was read in; the notices follow it.
  const language = lead.permission.scriptLanguage;
  const registration = noticeList.data?.find((n) => n.id === 'registration' && n.language === language);
  const marketingNotice = noticeList.data?.find((n) => n.id === 'marketing' && n.language === language);
  const { register, control, handleSubmit, setError, formState, watch } = useForm<ConvertValues, unknown, z.output<typeof convertForm>>({
    resolver: keyedResolver(convertForm),
    defaultValues: { id: lead.id, productId: 0, birthDate: '', marketingOptIn: false },
  });
  const e = formState.errors;
  const marketing = watch('marketingOptIn');
  const converting = useChannelMutation('leads.convert', { invalidates: ['customers', 'outbox'] });

  const submit = useSubmitOnce(
    handleSubmit(async (v) => {
      setFormError(null);
      if (!registration || !marketingNotice) {
        setFormError(t('leads.loadFailed'));
        return;
      }
      const r = await converting.run({ ...v, registrationNoticeVersion: registration.version, marketingNoticeVersion: marketingNotice.version });
      if (!r.ok) {
        setFormError(applyServerErrors(r.error, setError, errorText, fe));
        return;
      }
      if (r.value.outcome === 'refused') onDone(`${t('register.refused')} ${t('leads.removedAfterRefusal')}`);
      else onDone(t('leads.converted', { name: lead.name, id: r.value.accountId }));
    }),
  );

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
        {!products && !loadError && <Text size="sm">{t('leads.loading')}</Text>}
        {products && (
          <>
            <NativeSelect
              label={t('register.product')}
              data={[{ value: '0', label: t('exports.choose') }, ...products.map((p) => ({ value: String(p.id), label: p.name }))]}
              {...register('productId', { setValueAs: (v: string) => Number(v) })}
              error={fe(e.productId)}
              data-autofocus
            />
            <Controller control={control} name="birthDate" render={({ field }) => <DateField label={t('register.birthDate')} value={field.value} onChange={field.onChange} ref={field.ref} error={fe(e.birthDate)} />} />
            {registration && <ReadOut label={t('leads.registrationNotice', { version: registration.version })} lang={registration.language}>{registration.text}</ReadOut>}
            <Checkbox label={t('leads.marketing')} {...register('marketingOptIn')} />
            {marketing && marketingNotice && <ReadOut label={t('leads.marketingNotice', { version: marketingNotice.version })} lang={marketingNotice.language}>{marketingNotice.text}</ReadOut>}
          </>
        )}
        <FormError message={formError ?? loadError} />
        <Buttons submit={t('nav.register')} busy={converting.isPending} onCancel={onCancel} />
      </Stack>
    </form>
  );
}

const removeInput = contract['leads.remove'].input;
type RemoveValues = z.input<typeof removeInput>;

export function RemoveLeadForm({ lead, onDone, onCancel }: { lead: Lead; onDone: () => void; onCancel: () => void }) {
  const t = useT();
  const fe = useFieldText();
  const errorText = useErrorText();
  const reasonOptions = [{ value: '', label: t('exports.choose') }, ...LEAD_REMOVAL_REASONS.map((r) => ({ value: r, label: t(`leads.removal.${r}`) }))];
  const [formError, setFormError] = useState<string | null>(null);
  const removing = useChannelMutation('leads.remove');
  // The reason starts unset, so the select shows "Choose…" and the schema asks for one.
  const { register, handleSubmit, setError, formState } = useForm<RemoveValues>({ resolver: keyedResolver(removeInput), defaultValues: { id: lead.id, reason: '' as LeadRemovalReason } });
  const submit = useSubmitOnce(
    handleSubmit(async (v) => {
      setFormError(null);
      const r = await removing.run(v);
      if (r.ok) onDone();
      else setFormError(applyServerErrors(r.error, setError, errorText, fe));
    }),
  );
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Text size="sm">
          {t('leads.removeBody', { name: lead.name })}
        </Text>
        <NativeSelect label={t('account.col.reason')} data={reasonOptions} {...register('reason')} error={formState.errors.reason ? t('leads.chooseRemoval') : undefined} data-autofocus />
        <FormError message={formError} />
        <Buttons submit={t('leads.remove')} color="red" busy={removing.isPending} onCancel={onCancel} />
      </Stack>
    </form>
  );
}
