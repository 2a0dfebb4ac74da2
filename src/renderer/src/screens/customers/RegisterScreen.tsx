import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Button, Checkbox, Drawer, Group, Loader, NativeSelect, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import type { AccountDetail, Notice } from '../../../../shared/contract/customers';
import { registrationFields } from '../../../../shared/contract/customers';
import type { Product } from '../../../../shared/contract/products';
import { LIST_LABELS } from '../../../../shared/customers-lists';
import { normaliseEmail } from '../../../../shared/email';
import { FormError } from '../../components/FormError';
import { PageHeader } from '../../components/PageHeader';
import { StatusMessage } from '../../components/StatusMessage';
import { call } from '../../lib/call';
import { applyServerErrors } from '../../lib/form';
import { useSession } from '../../lib/session-store';
import { AccountView } from './AccountView';
import { todayIso } from '../../lib/account-status';

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
  const [step, setStep] = useState<Step>({ kind: 'age' });
  const [run, setRun] = useState(0);
  const restart = () => {
    setStep({ kind: 'age' });
    setRun((n) => n + 1);
  };
  return (
    <Stack gap="md" maw={760}>
      <PageHeader title="Register a customer" description="Name and email are required. The customer gets a registration email with the account details; it never contains a password." />
      {step.kind === 'age' && <AgeStep key={run} onAllowed={(birthDate) => setStep({ kind: 'details', birthDate })} onRefused={(message) => setStep({ kind: 'refused', message })} />}
      {step.kind === 'refused' && (
        <Stack>
          <Alert color="gray" variant="light" role="status" title="Registration not completed">
            {step.message}
          </Alert>
          <Group>
            <Button onClick={restart} autoFocus>
              Start a new registration
            </Button>
          </Group>
        </Stack>
      )}
      {step.kind === 'details' && <DetailsStep key={run} birthDate={step.birthDate} onDone={(account, reopened) => setStep({ kind: 'done', account, reopened })} onStartOver={restart} />}
      {step.kind === 'done' && (
        <Stack>
          <StatusMessage
            message={`${step.reopened ? 'Account reopened' : 'Customer registered'}: account ${step.account.id}. The registration email is in the mail outbox.`}
          />
          <Paper withBorder p="md">
            <Stack gap={4}>
              <Text fw={600}>{step.account.name}</Text>
              <Text size="sm">Account {step.account.id}</Text>
              <Text size="sm">{step.account.email}</Text>
              <Text size="sm">{step.account.productName}</Text>
              <Text size="sm">
                Lists:{' '}
                {step.account.lists
                  .filter((l) => l.subscribed)
                  .map((l) => LIST_LABELS[l.list])
                  .join(', ')}
              </Text>
            </Stack>
          </Paper>
          <Group>
            <Button onClick={restart} autoFocus>
              Register another customer
            </Button>
          </Group>
        </Stack>
      )}
    </Stack>
  );
}

function AgeStep({ onAllowed, onRefused }: { onAllowed: (birthDate: string) => void; onRefused: (message: string) => void }) {
  const [birthDate, setBirthDate] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (!birthDate) {
      setError('Enter the date of birth.');
      return;
    }
    setBusy(true);
    const r = await call(window.api.customers.checkAge({ birthDate }));
    setBusy(false);
    if (!r.ok) {
      setError(r.error.fields?.[0]?.message ?? r.error.message);
      return;
    }
    if (r.value.allowed) onAllowed(birthDate);
    else onRefused(r.value.message);
  };
  return (
    <form onSubmit={submit} noValidate aria-label="Registration, first step">
      <Stack maw={320}>
        <TextInput label="Date of birth" type="date" value={birthDate} max={todayIso()} onChange={(e) => setBirthDate(e.currentTarget.value)} error={error} autoFocus />
        <Group>
          <Button type="submit" loading={busy}>
            Continue
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function DetailsStep({ birthDate, onDone, onStartOver }: { birthDate: string; onDone: (a: AccountDetail, reopened: boolean) => void; onStartOver: () => void }) {
  const canRead = useSession((s) => s.session?.permissions.includes('customers.read') ?? false);
  const [products, setProducts] = useState<Product[] | null>(null);
  const [notices, setNotices] = useState<Record<string, Notice> | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [existing, setExisting] = useState<{ id: number; cancelled: boolean } | null>(null);
  const [reopen, setReopen] = useState(false);
  const [viewing, setViewing] = useState<AccountDetail | null>(null);
  const { register, handleSubmit, setError, formState, watch } = useForm<FormValues>({ resolver: zodResolver(formSchema), defaultValues: EMPTY });

  useEffect(() => {
    void (async () => {
      const [p, n] = await Promise.all([call(window.api.products.list({})), call(window.api.customers.notices({}))]);
      if (!p.ok || !n.ok) {
        setLoadError((!p.ok ? p.error.message : !n.ok ? n.error.message : null) ?? 'Could not load the form.');
        return;
      }
      setProducts(p.value);
      setNotices(Object.fromEntries(n.value.map((x) => [x.id, x])));
    })();
  }, []);

  const email = watch('email');
  useEffect(() => {
    // A different email is a different registration: forget the account found for the old one.
    setExisting(null);
    setReopen(false);
  }, [email]);

  const onSubmit = handleSubmit(async (v) => {
    if (!notices) return;
    setFormError(null);
    const r = await call(
      window.api.customers.register({
        ...v,
        birthDate,
        registrationNoticeVersion: notices['registration']!.version,
        marketingNoticeVersion: notices['marketing']!.version,
        ...(reopen && existing?.cancelled ? { reopenAccountId: existing.id } : {}),
      }),
    );
    if (!r.ok) {
      setFormError(applyServerErrors(r.error, setError) ?? (r.error.code === 'conflict' ? r.error.message : null));
      if (r.error.code === 'conflict' && r.error.fields?.some((f) => f.path === 'email')) await findExisting(v.email);
      return;
    }
    if (r.value.outcome === 'refused') {
      setFormError(r.value.message);
      return;
    }
    onDone(r.value.account, r.value.reopened);
  });

  const findExisting = async (address: string) => {
    if (!canRead) return;
    const r = await call(window.api.customers.search({ query: address }));
    const hit = r.ok ? r.value.find((a) => normaliseEmail(a.email) === normaliseEmail(address)) : undefined;
    if (hit) setExisting({ id: hit.id, cancelled: hit.status === 'cancelled' });
  };

  const openExisting = async () => {
    if (!existing) return;
    const r = await call(window.api.customers.get({ id: existing.id }));
    if (r.ok) setViewing(r.value);
    else setFormError(r.error.message);
  };

  if (loadError) return <FormError message={loadError} title="Could not load the form" />;
  if (!products || !notices) return <Loader aria-label="Loading the form" />;
  const e = formState.errors;
  return (
    <form onSubmit={onSubmit} noValidate aria-label="Registration, second step">
      <Stack>
        <Group justify="space-between">
          <Text size="sm" c="dimmed">
            Date of birth answered.
          </Text>
          <Button variant="subtle" onClick={onStartOver}>
            Start over
          </Button>
        </Group>
        {products.length === 0 && (
          <Alert color="yellow" variant="light" title="No products yet">
            An admin must add products before customers can be registered.
          </Alert>
        )}
        <TextInput label="Name" autoComplete="off" autoFocus {...register('name')} error={e.name?.message} />
        <TextInput label="Email" type="email" autoComplete="off" {...register('email')} error={e.email?.message} />
        {existing && (
          <Paper withBorder p="sm" role="group" aria-label="Existing account">
            <Stack gap="xs">
              <Text size="sm">
                {existing.cancelled
                  ? `This email belongs to account ${existing.id}, which was cancelled. It comes back only through a new registration consent.`
                  : `This email is already registered to account ${existing.id}. Open it instead of registering again.`}
              </Text>
              <Group>
                <Button size="xs" variant="default" onClick={() => void openExisting()}>
                  Open account {existing.id}
                </Button>
                {existing.cancelled && <Checkbox label={`Reopen account ${existing.id} with this registration`} checked={reopen} onChange={(ev) => setReopen(ev.currentTarget.checked)} />}
              </Group>
            </Stack>
          </Paper>
        )}
        <NativeSelect
          label="Product"
          data={[{ value: '0', label: 'Choose a product…' }, ...products.map((p) => ({ value: String(p.id), label: p.name }))]}
          {...register('productId', { setValueAs: (v: string | number) => Number(v) })}
          error={e.productId?.message}
        />
        <Paper withBorder p="sm" role="note" aria-label="Registration notice">
          <Title order={5} mb={4}>
            About this registration
          </Title>
          <Text size="sm">{notices['registration']!.text}</Text>
          <Text size="xs" c="dimmed" mt={4}>
            The customer is subscribed to technical advisories and call detail reports. Notice {notices['registration']!.version}.
          </Text>
        </Paper>
        <Stack gap={6}>
          <Checkbox label="Email marketing: the customer wants promotions and product updates (optional)" aria-describedby="marketing-notice" {...register('marketingOptIn')} />
          <Text id="marketing-notice" size="sm" c="dimmed" pl={30}>
            {notices['marketing']!.text} (Notice {notices['marketing']!.version}.)
          </Text>
        </Stack>
        <FormError message={formError} title="Not registered" />
        <Group>
          <Button type="submit" loading={formState.isSubmitting} disabled={products.length === 0}>
            Register
          </Button>
        </Group>
      </Stack>
      <Drawer opened={viewing !== null} onClose={() => setViewing(null)} title={viewing ? `Account ${viewing.id}` : ''} position="right" size="xl">
        {viewing && <AccountView account={viewing} />}
      </Drawer>
    </form>
  );
}
