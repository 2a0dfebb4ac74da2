import { Alert, Button, Group, NativeSelect, Paper, Progress, Radio, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import type { EventSummary } from '../../../../shared/contract/events';
import {
  ACCOUNT_STATUS_FILTERS,
  EXPORT_FORMAT_LABELS,
  EXPORT_FORMATS,
  startExportInput,
  type AccountStatusFilter,
  type ExportFormat,
  type ExportKind,
  type ExportKindInfo,
} from '../../../../shared/contract/exports';
import type { Product } from '../../../../shared/contract/products';
import { LIST_LABELS, LISTS, type MailingList } from '../../../../shared/customers-lists';
import { FormError } from '../../components/FormError';
import { PageHeader } from '../../components/PageHeader';
import { StatusMessage } from '../../components/StatusMessage';
import { call } from '../../lib/call';
import { formatCount } from '../../lib/format';
import { fieldMessages } from '../../lib/form';
import { todayLocal } from '../../lib/format';
import { useJob } from '../../lib/use-job';

const STATUS_FILTER_LABELS: Record<AccountStatusFilter, string> = { all: 'All accounts', active: 'Active accounts', cancelled: 'Cancelled accounts' };

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
  const [kinds, setKinds] = useState<ExportKindInfo[] | null>(null);
  const [events, setEvents] = useState<EventSummary[]>([]);
  const [products, setProducts] = useState<Product[]>([]);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [form, setForm] = useState<FormState>(() => ({
    kind: '',
    eventId: '',
    status: 'all',
    productId: '',
    from: todayLocal(-30),
    to: todayLocal(),
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
        setLoadError(k.error.message);
        return;
      }
      setKinds(k.value);
      if (e.ok) setEvents(e.value);
      if (p.ok) setProducts(p.value);
    })();
  }, []);

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
  const failed = job.status?.state === 'failed' ? (job.status.error ?? 'The export failed.') : null;
  const cancelled = job.status?.state === 'cancelled';
  const kindInfo = kinds?.find((k) => k.kind === form.kind) ?? null;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (running || starting) return;
    setError(null);
    setNote(null);
    const input = inputOf(form);
    const parsed = startExportInput.safeParse(input);
    if (!parsed.success) {
      setErrors(fieldMessages(parsed.error.issues, fieldOf));
      return;
    }
    setErrors({});
    setStarting(true);
    job.reset();
    const r = await call(window.api.exports.start(parsed.data));
    setStarting(false);
    if (!r.ok) {
      const byField = fieldMessages((r.error.fields ?? []).map((f) => ({ path: f.path.split('.'), message: f.message })), fieldOf);
      setErrors(byField);
      if (!r.error.fields?.length) setError(r.error.message);
      return;
    }
    if (!r.value.started) {
      setNote('No file was chosen, so nothing was exported.');
      return;
    }
    setFileName(r.value.fileName);
    job.follow(r.value.job);
  };

  const progress = job.status?.progress ?? 0;
  return (
    <Stack gap="md" maw={760}>
      <PageHeader
        title="Exports"
        description="Export personal data to a file. Every export is recorded in the audit log with its purpose, what was exported and how many rows. Marketing exports hold only people whose consent is current and who have not opted out."
      />
      <FormError message={loadError} title="Exports unavailable" />
      {kinds && (
        <form onSubmit={submit} noValidate aria-label="Export">
          <Stack gap="sm">
            <NativeSelect
              label="What to export"
              value={form.kind}
              onChange={(e) => set('kind', e.currentTarget.value as ExportKind | '')}
              error={errors['kind']}
              data={[{ value: '', label: 'Choose…' }, ...kinds.map((k) => ({ value: k.kind, label: k.available ? k.label : `${k.label} (not available yet)`, disabled: !k.available }))]}
            />
            {kindInfo && (
              <Text size="sm" c="dimmed">
                {kindInfo.description}
              </Text>
            )}
            {EVENT_KINDS.includes(form.kind as ExportKind) && (
              <NativeSelect
                label="Event"
                value={form.eventId}
                onChange={(e) => set('eventId', e.currentTarget.value)}
                error={errors['eventId']}
                data={[{ value: '', label: events.length ? 'Choose an event…' : 'No events yet' }, ...events.map((ev) => ({ value: String(ev.id), label: `${ev.name} (${ev.startsOn}, ${formatCount(ev.entryCount)} entries)` }))]}
              />
            )}
            {form.kind === 'accounts' && (
              <NativeSelect
                label="Accounts"
                value={form.status}
                onChange={(e) => set('status', e.currentTarget.value as AccountStatusFilter)}
                error={errors['status']}
                data={ACCOUNT_STATUS_FILTERS.map((s) => ({ value: s, label: STATUS_FILTER_LABELS[s] }))}
              />
            )}
            {PRODUCT_KINDS.includes(form.kind as ExportKind) && (
              <NativeSelect
                label="Product"
                value={form.productId}
                onChange={(e) => set('productId', e.currentTarget.value)}
                error={errors['productId']}
                data={[{ value: '', label: 'All products' }, ...products.map((p) => ({ value: String(p.id), label: p.name }))]}
              />
            )}
            {form.kind === 'optouts' && (
              <Group align="flex-start" gap="sm">
                <TextInput type="date" label="From" value={form.from} onChange={(e) => set('from', e.currentTarget.value)} error={errors['from']} w={180} />
                <TextInput type="date" label="To" value={form.to} onChange={(e) => set('to', e.currentTarget.value)} error={errors['to']} w={180} />
                <NativeSelect
                  label="List"
                  value={form.list}
                  onChange={(e) => set('list', e.currentTarget.value as MailingList | '')}
                  data={[{ value: '', label: 'All lists' }, ...LISTS.map((l) => ({ value: l, label: LIST_LABELS[l] }))]}
                  w={220}
                />
              </Group>
            )}
            <Radio.Group label="File format" value={form.format} onChange={(v) => set('format', v as ExportFormat)} error={errors['format']}>
              <Group gap="lg" mt={6}>
                {EXPORT_FORMATS.map((f) => (
                  <Radio key={f} value={f} label={EXPORT_FORMAT_LABELS[f]} />
                ))}
              </Group>
            </Radio.Group>
            <Textarea
              label="Purpose"
              description="Why this data leaves the app, e.g. the prize draw of an event. Recorded in the audit log."
              value={form.purpose}
              onChange={(e) => set('purpose', e.currentTarget.value)}
              error={errors['purpose']}
              autosize
              minRows={2}
            />
            <Group>
              <Button type="submit" loading={starting} disabled={running}>
                Export…
              </Button>
            </Group>
          </Stack>
        </form>
      )}
      <FormError message={error ?? job.error} title="Not exported" />
      <StatusMessage message={note} onClose={() => setNote(null)} />
      {running && (
        <Paper withBorder p="md" role="region" aria-label="Export in progress">
          <Stack gap="xs">
            <Text size="sm">
              Exporting to {fileName}… {job.status?.message}
            </Text>
            <Progress value={Math.max(2, progress * 100)} animated aria-label="Export progress" />
            <Group>
              <Button variant="default" color="red" onClick={() => void job.cancel()}>
                Cancel export
              </Button>
            </Group>
          </Stack>
        </Paper>
      )}
      {result && <StatusMessage message={`Exported ${formatCount(result.rows)} rows to ${result.fileName}.`} onClose={() => job.reset()} />}
      {cancelled && (
        <Alert color="gray" variant="light" role="status" title="Export cancelled">
          No file was saved.
        </Alert>
      )}
      <FormError message={failed} title="Export failed" />
    </Stack>
  );
}
