import { Alert, Button, Checkbox, Drawer, Group, Loader, NativeSelect, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import type { z } from 'zod';
import { ageCheckInput, registrationFields, type AccountDetail } from '../../../../shared/contract/customers';
import { normaliseEmail } from '../../../../shared/email';
import { FormError } from '../../components/FormError';
import { PageHeader } from '../../components/PageHeader';
import { StatusMessage } from '../../components/StatusMessage';
import { useChannelMutation, useChannelQuery } from '../../data';
import { applyServerErrors, keyedResolver, useSubmitOnce } from '../../lib/form';
import { useSession } from '../../lib/session-store';
import { AccountView } from './AccountView';
import { DateField } from '../../components/DateField';
import { LANGUAGES, useErrorText, useFieldText, useLanguage, useT, useToday } from '../../i18n';

/** The form's fields; the notice versions and the birth date are added on submit. */
const formSchema = registrationFields.omit({ registrationNoticeVersion: true, marketingNoticeVersion: true, reopenAccountId: true });
type FormValues = z.input<typeof formSchema>;
const EMPTY: FormValues = { name: '', email: '', productId: 0, marketingOptIn: false };

type Step = { kind: 'age' } | { kind: 'refused'; message: string } | { kind: 'details'; birthDate: string } | { kind: 'done'; account: AccountDetail; reopened: boolean };

/**
 * Registration (policy 2a, 3a, 6). First a neutral birth-date question on its own: nothing about
 * the person is typed before it is answered, and a refusal ends the registration with a neutral
 * message (there is no way back to change the date). Then name, email, product and the optional
 * marketing consent, with the notice texts shown.
 */
export function RegisterScreen() {
  const t = useT();
  const [step, setStep] = useState<Step>({ kind: 'age' });
  const [run, setRun] = useState(0);
  const restart = () => {
    setStep({ kind: 'age' });
    setRun((n) => n + 1);
  };
  return (
    <Stack gap="md" maw={760}>
      <PageHeader title={t('register.title')} description={t('register.description')} />
      {step.kind === 'age' && <AgeStep key={run} onAllowed={(birthDate) => setStep({ kind: 'details', birthDate })} onRefused={(message) => setStep({ kind: 'refused', message })} />}
      {step.kind === 'refused' && (
        <Stack>
          <Alert color="gray" variant="light" role="status" title={t('register.refusedTitle')}>
            {step.message}
          </Alert>
          <Group>
            <Button onClick={restart} autoFocus>
              {t('register.startNew')}
            </Button>
          </Group>
        </Stack>
      )}
      {step.kind === 'details' && <DetailsStep key={run} birthDate={step.birthDate} onDone={(account, reopened) => setStep({ kind: 'done', account, reopened })} onStartOver={restart} />}
      {step.kind === 'done' && (
        <Stack>
          <StatusMessage
            message={t(step.reopened ? 'register.reopened' : 'register.registered', { id: step.account.number })}
          />
          <Paper withBorder p="md">
            <Stack gap={4}>
              <Text fw={600}>{step.account.name}</Text>
              <Text size="sm">{t('register.account', { id: step.account.number })}</Text>
              <Text size="sm">{step.account.email}</Text>
              <Text size="sm">{step.account.productName}</Text>
              <Text size="sm">
                {t('register.lists', {
                  lists: step.account.lists
                    .filter((l) => l.subscribed)
                    .map((l) => t(`list.${l.list}`))
                    .join(', '),
                })}
              </Text>
            </Stack>
          </Paper>
          <Group>
            <Button onClick={restart} autoFocus>
              {t('register.another')}
            </Button>
          </Group>
        </Stack>
      )}
    </Stack>
  );
}

type AgeValues = z.input<typeof ageCheckInput>;

function AgeStep({ onAllowed, onRefused }: { onAllowed: (birthDate: string) => void; onRefused: (message: string) => void }) {
  const t = useT();
  const fe = useFieldText();
  const errorText = useErrorText();
  const today = useToday();
  const [formError, setFormError] = useState<string | null>(null);
  // The check counts a refusal (an under-age attempt), so it is a change, not a read.
  const checking = useChannelMutation('customers.checkAge');
  const { control, handleSubmit, setError } = useForm<AgeValues>({ resolver: keyedResolver(ageCheckInput), defaultValues: { birthDate: '' } });
  const submit = useSubmitOnce(
    handleSubmit(async ({ birthDate }) => {
      setFormError(null);
      const r = await checking.run({ birthDate });
      if (!r.ok) {
        setFormError(applyServerErrors(r.error, setError, errorText, fe));
        return;
      }
      if (r.value.allowed) onAllowed(birthDate);
      else onRefused(t('register.refused'));
    }),
  );
  return (
    <form onSubmit={submit} noValidate aria-label={t('register.step1')}>
      <Stack maw={320}>
        <Controller
          control={control}
          name="birthDate"
          render={({ field, fieldState }) => (
            <DateField
              label={t('register.birthDate')}
              value={field.value}
              max={today}
              onChange={field.onChange}
              ref={field.ref}
              error={field.value === '' && fieldState.error ? t('register.birthDateRequired') : fe(fieldState.error)}
              autoFocus
            />
          )}
        />
        <FormError message={formError} />
        <Group>
          <Button type="submit" loading={checking.isPending}>
            {t('kiosk.age.continue')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Who the email typed belongs to, when the core said it is registered already. */
interface Existing {
  id: number;
  number: string;
  cancelled: boolean;
}

function DetailsStep({ birthDate, onDone, onStartOver }: { birthDate: string; onDone: (a: AccountDetail, reopened: boolean) => void; onStartOver: () => void }) {
  const t = useT();
  const fe = useFieldText();
  const errorText = useErrorText();
  const canRead = useSession((s) => s.session?.permissions.includes('customers.read') ?? false);
  const productList = useChannelQuery('products.list', {});
  const noticeList = useChannelQuery('customers.notices', {});
  const products = productList.data ?? null;
  const loadError = productList.errorMessage ?? noticeList.errorMessage;
  const [formError, setFormError] = useState<string | null>(null);
  const [existing, setExisting] = useState<Existing | null>(null);
  const [reopen, setReopen] = useState(false);
  const [viewing, setViewing] = useState(false);
  const registering = useChannelMutation('customers.register', { invalidates: ['outbox'] });
  // Finding the account an email belongs to, and opening it, are audited reads the person asks for.
  const searching = useChannelMutation('customers.search', { read: true });
  const opening = useChannelMutation('customers.get', { read: true });
  // The customer's language starts as the one the staff member works in: usually the one they speak together.
  const uiLanguage = useLanguage((s) => s.language);
  const { register, handleSubmit, setError, formState, watch } = useForm<FormValues>({ resolver: keyedResolver(formSchema), defaultValues: { ...EMPTY, language: uiLanguage } });

  // The notices are shown, and cited, in the customer's language: the words the customer reads.
  const customerLanguage = watch('language') ?? uiLanguage;
  const registrationNotice = noticeList.data?.find((n) => n.id === 'registration' && n.language === customerLanguage);
  const marketingNotice = noticeList.data?.find((n) => n.id === 'marketing' && n.language === customerLanguage);

  const findExisting = async (address: string) => {
    if (!canRead) return;
    const r = await searching.run({ query: address });
    const hit = r.ok ? r.value.find((a) => normaliseEmail(a.email) === normaliseEmail(address)) : undefined;
    if (hit) setExisting({ id: hit.id, number: hit.number, cancelled: hit.status === 'cancelled' });
  };

  const onSubmit = useSubmitOnce(
    handleSubmit(async (v) => {
      if (!registrationNotice || !marketingNotice) return;
      setFormError(null);
      const r = await registering.run({
        ...v,
        birthDate,
        registrationNoticeVersion: registrationNotice.version,
        marketingNoticeVersion: marketingNotice.version,
        ...(reopen && existing?.cancelled ? { reopenAccountId: existing.id } : {}),
      });
      if (!r.ok) {
        setFormError(applyServerErrors(r.error, setError, errorText, fe) ?? (r.error.code === 'conflict' ? errorText(r.error) : null));
        if (r.error.code === 'conflict' && r.error.fields?.some((f) => f.path === 'email')) await findExisting(v.email);
        return;
      }
      if (r.value.outcome === 'refused') {
        setFormError(t('register.refused'));
        return;
      }
      onDone(r.value.account, r.value.reopened);
    }),
  );

  const openExisting = async () => {
    if (!existing) return;
    setViewing(true);
    const r = await opening.run({ id: existing.id });
    if (!r.ok) {
      setViewing(false);
      setFormError(errorText(r.error));
    }
  };
  const viewed = viewing ? (opening.data ?? null) : null;

  if (loadError) return <FormError message={loadError} title={t('register.loadFailedTitle')} />;
  if (!products || !registrationNotice || !marketingNotice) return <Loader aria-label={t('register.loading')} />;
  const e = formState.errors;
  return (
    <form onSubmit={onSubmit} noValidate aria-label={t('register.step2')}>
      <Stack>
        <Group justify="space-between">
          <Text size="sm" c="dimmed">
            {t('register.birthDateAnswered')}
          </Text>
          <Button variant="subtle" onClick={onStartOver}>
            {t('kiosk.form.startOver')}
          </Button>
        </Group>
        {products.length === 0 && (
          <Alert color="yellow" variant="light" title={t('register.noProducts')}>
            {t('register.noProductsBody')}
          </Alert>
        )}
        <TextInput label={t('kiosk.form.name')} autoComplete="off" autoFocus {...register('name')} error={fe(e.name)} />
        <TextInput
          label={t('kiosk.form.email')}
          type="email"
          autoComplete="off"
          // A different email is a different registration: forget the account found for the old one.
          {...register('email', {
            onChange: () => {
              setExisting(null);
              setReopen(false);
            },
          })}
          error={fe(e.email)}
        />
        {existing && (
          <Paper withBorder p="sm" role="group" aria-label={t('register.existing')}>
            <Stack gap="xs">
              <Text size="sm">
                {existing.cancelled
                  ? t('register.existingCancelled', { id: existing.number })
                  : t('register.existingActive', { id: existing.number })}
              </Text>
              <Group>
                <Button size="xs" variant="default" onClick={() => void openExisting()}>
                  {t('register.openAccount', { id: existing.number })}
                </Button>
                {existing.cancelled && <Checkbox label={t('register.reopen', { id: existing.number })} checked={reopen} onChange={(ev) => setReopen(ev.currentTarget.checked)} />}
              </Group>
            </Stack>
          </Paper>
        )}
        <NativeSelect
          label={t('register.language')}
          description={t('register.languageHint')}
          data={LANGUAGES.map((l) => ({ value: l, label: t(`common.language.${l}`) }))}
          {...register('language')}
          error={fe(e.language)}
        />
        <NativeSelect
          label={t('register.product')}
          data={[{ value: '0', label: t('register.chooseProduct') }, ...products.map((p) => ({ value: String(p.id), label: p.name }))]}
          {...register('productId', { setValueAs: (v: string | number) => Number(v) })}
          error={fe(e.productId)}
        />
        <Paper withBorder p="sm" role="note" aria-label={t('register.notice')}>
          <Title order={5} mb={4}>
            {t('register.aboutThis')}
          </Title>
          <Text size="sm" lang={registrationNotice.language} data-testid="registration-notice">
            {registrationNotice.text}
          </Text>
          <Text size="xs" c="dimmed" mt={4}>
            {t('register.subscribedTo', { version: registrationNotice.version })}
          </Text>
        </Paper>
        <Stack gap={6}>
          <Checkbox label={t('register.marketingOptIn')} aria-describedby="marketing-notice" {...register('marketingOptIn')} />
          <Text id="marketing-notice" size="sm" c="dimmed" pl={30} lang={marketingNotice.language}>
            {t('register.noticeText', { text: marketingNotice.text, version: marketingNotice.version })}
          </Text>
        </Stack>
        <FormError message={formError} title={t('register.notRegistered')} />
        <Group>
          <Button type="submit" loading={registering.isPending} disabled={products.length === 0}>
            {t('register.submit')}
          </Button>
        </Group>
      </Stack>
      <Drawer opened={viewed !== null} onClose={() => setViewing(false)} title={viewed ? t('register.account', { id: viewed.number }) : ''} position="right" size="xl">
        {viewed && <AccountView account={viewed} />}
      </Drawer>
    </form>
  );
}
