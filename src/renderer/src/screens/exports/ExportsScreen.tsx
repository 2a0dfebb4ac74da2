import { Alert, Button, Group, NativeSelect, Paper, Progress, Radio, Stack, Text, Textarea } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import type { EventSummary } from '../../../../shared/contract/events';
import {
  ACCOUNT_STATUS_FILTERS,
  EXPORT_FORMATS,
  startExportInput,
  type AccountStatusFilter,
  type ExportFormat,
  type ExportKind,
  type ExportKindInfo,
} from '../../../../shared/contract/exports';
import type { Product } from '../../../../shared/contract/products';
import { zodIssueToField } from '../../../../shared/errors';
import { LISTS, type MailingList } from '../../../../shared/customers-lists';
import { DateField } from '../../components/DateField';
import { useErrorText, useFieldText, useFormat, useJobText, useT, useToday } from '../../i18n';
import { FormError } from '../../components/FormError';
import { PageHeader } from '../../components/PageHeader';
import { StatusMessage } from '../../components/StatusMessage';
import { call } from '../../lib/call';
import { fieldMessages } from '../../lib/form';
import { useJob } from '../../lib/use-job';

const EVENT_KINDS: readonly ExportKind[] = ['contest_entries', 'contest_marketing'];
const PRODUCT_KINDS: readonly ExportKind[] = ['accounts', 'marketing_list'];

interface FormState {
  kind: ExportKind | '';
  eventId: string;
  status: AccountStatusFilter;
  productId: string;
  from: string;
  to: string;
  list: MailingList | '';
  format: ExportFormat;
  purpose: string;
}

/** The contract's input from the form; fields a kind does not use are left out. */
function inputOf(f: FormState): unknown {
  const num = (s: string) => (s === '' ? undefined : Number(s));
  const filters = (() => {
    switch (f.kind) {
      case 'contest_entries':
      case 'contest_marketing':
        return { kind: f.kind, eventId: num(f.eventId) };
      case 'accounts':
        return { kind: f.kind, status: f.status, ...(f.productId ? { productId: num(f.productId) } : {}) };
      case 'marketing_list':
        return { kind: f.kind, ...(f.productId ? { productId: num(f.productId) } : {}) };
      case 'optouts':
        return { kind: f.kind, from: f.from, to: f.to, ...(f.list ? { list: f.list } : {}) };
      case '':
        return undefined;
    }
  })();
  return { format: f.format, purpose: f.purpose, filters };
}

/** Error paths of the contract ("filters.eventId") onto the form's fields ("eventId"). */
const fieldOf = (path: string) => (path === 'filters' || path === 'filters.kind' ? 'kind' : path.replace(/^filters\./, ''));

/**
 * Exports of personal data (exports.run; policy 1a): choose what, the file format and the purpose.
 * The destination is chosen in the system's save dialog; the export runs in the background with a
 * progress bar and can be cancelled; a cancelled export leaves no file behind.
 */
export function ExportsScreen() {
  const t = useT();
  const f = useFormat();
  const fe = useFieldText();
  const errorText = useErrorText();
  const jobText = useJobText();
  const today = useToday();
  const monthAgo = useToday(-30);
  const [kinds, setKinds] = useState<ExportKindInfo[] | null>(null);
  const [events, setEvents] = useState<EventSummary[]>([]);
  const [products, setProducts] = useState<Product[]>([]);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [form, setForm] = useState<FormState>(() => ({
    kind: '',
    eventId: '',
    status: 'all',
    productId: '',
    from: monthAgo,
    to: today,
    list: '',
    format: 'xlsx',
    purpose: '',
  }));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const [fileName, setFileName] = useState<string | null>(null);
  const job = useJob('exports.write', 150);

  useEffect(() => {
    void (async () => {
      const [k, e, p] = await Promise.all([call(window.api.exports.kinds({})), call(window.api.entries.events({})), call(window.api.products.list({ includeRetired: true }))]);
      if (!k.ok) {
        setLoadError(errorText(k.error));
        return;
      }
      setKinds(k.value);
      if (e.ok) setEvents(e.value);
      if (p.ok) setProducts(p.value);
    })();
  }, [errorText]);

  const set = <K extends keyof FormState>(key: K, value: FormState[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    setErrors((e) => {
      if (!(key in e)) return e;
      const next = { ...e };
      delete next[key];
      return next;
    });
  };

  const running = job.status?.state === 'running';
  const result = job.result;
  const failed = job.status?.state === 'failed' ? (f.language === 'en' && job.status.error ? job.status.error : t('exports.failedBody')) : null;
  const cancelled = job.status?.state === 'cancelled';
  const kindInfo = kinds?.find((k) => k.kind === form.kind) ?? null;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (running || starting) return;
    setError(null);
    setNote(null);
    const input = inputOf(form);
    const parsed = startExportInput.safeParse(input, { reportInput: true });
    if (!parsed.success) {
      setErrors(fieldMessages(parsed.error.issues.map(zodIssueToField), fe, fieldOf));
      return;
    }
    setErrors({});
    setStarting(true);
    job.reset();
    const r = await call(window.api.exports.start(parsed.data));
    setStarting(false);
    if (!r.ok) {
      const byField = fieldMessages(r.error.fields ?? [], fe, fieldOf);
      setErrors(byField);
      if (!r.error.fields?.length) setError(errorText(r.error));
      return;
    }
    if (!r.value.started) {
      setNote(t('exports.noFile'));
      return;
    }
    setFileName(r.value.fileName);
    job.follow(r.value.job);
  };

  const progress = job.status?.progress ?? 0;
  return (
    <Stack gap="md" maw={760}>
      <PageHeader title={t('nav.exports')} description={t('exports.description')} />
      <FormError message={loadError} title={t('exports.unavailable')} />
      {kinds && (
        <form onSubmit={submit} noValidate aria-label={t('exports.form')}>
          <Stack gap="sm">
            <NativeSelect
              label={t('exports.what')}
              value={form.kind}
              onChange={(e) => set('kind', e.currentTarget.value as ExportKind | '')}
              error={errors['kind']}
              data={[{ value: '', label: t('exports.choose') }, ...kinds.map((k) => ({ value: k.kind, label: k.available ? t(`exports.kind.${k.kind}`) : t('exports.notAvailable', { kind: t(`exports.kind.${k.kind}`) }), disabled: !k.available }))]}
            />
            {kindInfo && (
              <Text size="sm" c="dimmed">
                {t(`exports.kindDescription.${kindInfo.kind}`)}
              </Text>
            )}
            {EVENT_KINDS.includes(form.kind as ExportKind) && (
              <NativeSelect
                label={t('exports.event')}
                value={form.eventId}
                onChange={(e) => set('eventId', e.currentTarget.value)}
                error={errors['eventId']}
                data={[{ value: '', label: t(events.length ? 'exports.chooseEvent' : 'exports.noEvents') }, ...events.map((ev) => ({ value: String(ev.id), label: t('exports.eventOption', { name: ev.name, date: f.date(ev.startsOn), count: ev.entryCount }) }))]}
              />
            )}
            {form.kind === 'accounts' && (
              <NativeSelect
                label={t('nav.accounts')}
                value={form.status}
                onChange={(e) => set('status', e.currentTarget.value as AccountStatusFilter)}
                error={errors['status']}
                data={ACCOUNT_STATUS_FILTERS.map((s) => ({ value: s, label: t(`exports.status.${s}`) }))}
              />
            )}
            {PRODUCT_KINDS.includes(form.kind as ExportKind) && (
              <NativeSelect
                label={t('register.product')}
                value={form.productId}
                onChange={(e) => set('productId', e.currentTarget.value)}
                error={errors['productId']}
                data={[{ value: '', label: t('exports.allProducts') }, ...products.map((p) => ({ value: String(p.id), label: p.name }))]}
              />
            )}
            {form.kind === 'optouts' && (
              <Group align="flex-start" gap="sm">
                <DateField label={t('exports.from')} value={form.from} onChange={(v) => set('from', v)} error={errors['from']} />
                <DateField label={t('exports.to')} value={form.to} onChange={(v) => set('to', v)} error={errors['to']} />
                <NativeSelect
                  label={t('account.col.list')}
                  value={form.list}
                  onChange={(e) => set('list', e.currentTarget.value as MailingList | '')}
                  data={[{ value: '', label: t('exports.allLists') }, ...LISTS.map((l) => ({ value: l, label: t(`list.${l}`) }))]}
                  w={220}
                />
              </Group>
            )}
            <Radio.Group label={t('exports.format')} value={form.format} onChange={(v) => set('format', v as ExportFormat)} error={errors['format']}>
              <Group gap="lg" mt={6}>
                {EXPORT_FORMATS.map((x) => (
                  <Radio key={x} value={x} label={t(`exports.format.${x}`)} />
                ))}
              </Group>
            </Radio.Group>
            <Textarea
              label={t('exports.purpose')}
              description={t('exports.purposeHint')}
              value={form.purpose}
              onChange={(e) => set('purpose', e.currentTarget.value)}
              error={errors['purpose']}
              autosize
              minRows={2}
            />
            <Group>
              <Button type="submit" loading={starting} disabled={running}>
                {t('exports.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
      <FormError message={error ?? job.error} title={t('exports.notExported')} />
      <StatusMessage message={note} onClose={() => setNote(null)} />
      {running && (
        <Paper withBorder p="md" role="region" aria-label={t('exports.inProgress')}>
          <Stack gap="xs">
            <Text size="sm">
              {t('exports.exportingTo', { file: fileName ?? '' })} {job.status ? jobText(job.status) : ''}
            </Text>
            <Progress value={Math.max(2, progress * 100)} animated aria-label={t('exports.progress')} />
            <Group>
              <Button variant="default" color="red" onClick={() => void job.cancel()}>
                {t('exports.cancel')}
              </Button>
            </Group>
          </Stack>
        </Paper>
      )}
      {result && <StatusMessage message={t('exports.done', { count: result.rows, file: result.fileName })} onClose={() => job.reset()} />}
      {cancelled && (
        <Alert color="gray" variant="light" role="status" title={t('exports.cancelled')}>
          {t('exports.cancelledBody')}
        </Alert>
      )}
      <FormError message={failed} title={t('exports.failed')} />
    </Stack>
  );
}
