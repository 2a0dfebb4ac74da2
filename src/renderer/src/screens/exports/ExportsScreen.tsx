import { Alert, Button, Group, NativeSelect, Paper, Progress, Radio, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import type { z } from 'zod';
import {
  ACCOUNT_STATUS_FILTERS,
  EXPORT_FORMATS,
  startExportInput,
  type AccountStatusFilter,
  type ExportFormat,
  type ExportKind,
} from '../../../../shared/contract/exports';
import { LISTS } from '../../../../shared/customers-lists';
import { DateField } from '../../components/DateField';
import { useErrorText, useFieldText, useFormat, useJobText, useT, useToday } from '../../i18n';
import { FormError } from '../../components/FormError';
import { PageHeader } from '../../components/PageHeader';
import { StatusMessage } from '../../components/StatusMessage';
import { useChannelMutation, useChannelQuery } from '../../data';
import { applyServerErrors, mappedResolver, useSubmitOnce } from '../../lib/form';
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
  list: string;
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
const resolver = mappedResolver<FormState, typeof startExportInput>(startExportInput, inputOf, fieldOf);

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
  const kindsQuery = useChannelQuery('exports.kinds', {});
  const kinds = kindsQuery.data ?? null;
  const events = useChannelQuery('entries.events', {}).data ?? [];
  const products = useChannelQuery('products.list', { includeRetired: true }).data ?? [];
  const { register, control, handleSubmit, setError, watch, formState } = useForm<FormState, unknown, z.output<typeof startExportInput>>({
    resolver,
    defaultValues: { kind: '', eventId: '', status: 'all', productId: '', from: monthAgo, to: today, list: '', format: 'xlsx', purpose: '' },
  });
  const errors = formState.errors;
  const [error, setFormError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [fileName, setFileName] = useState<string | null>(null);
  const start = useChannelMutation('exports.start');
  const job = useJob('exports.write', 150);

  const running = job.status?.state === 'running';
  const result = job.result;
  const failed = job.status?.state === 'failed' ? (f.language === 'en' && job.status.error ? job.status.error : t('exports.failedBody')) : null;
  const cancelled = job.status?.state === 'cancelled';
  const kind = watch('kind');
  const kindInfo = kinds?.find((k) => k.kind === kind) ?? null;

  const submit = useSubmitOnce(
    handleSubmit(async (input) => {
      if (running) return;
      setFormError(null);
      setNote(null);
      job.reset();
      const r = await start.run(input);
      if (!r.ok) {
        setFormError(applyServerErrors(r.error, setError, errorText, fe, fieldOf));
        return;
      }
      if (!r.value.started) {
        setNote(t('exports.noFile'));
        return;
      }
      setFileName(r.value.fileName);
      job.follow(r.value.job);
    }),
  );

  const progress = job.status?.progress ?? 0;
  return (
    <Stack gap="md" maw={760}>
      <PageHeader title={t('nav.exports')} description={t('exports.description')} />
      <FormError message={kindsQuery.errorMessage} title={t('exports.unavailable')} />
      {kinds && (
        <form onSubmit={submit} noValidate aria-label={t('exports.form')}>
          <Stack gap="sm">
            <NativeSelect
              label={t('exports.what')}
              {...register('kind')}
              error={fe(errors.kind)}
              data={[{ value: '', label: t('exports.choose') }, ...kinds.map((k) => ({ value: k.kind, label: k.available ? t(`exports.kind.${k.kind}`) : t('exports.notAvailable', { kind: t(`exports.kind.${k.kind}`) }), disabled: !k.available }))]}
            />
            {kindInfo && (
              <Text size="sm" c="dimmed">
                {t(`exports.kindDescription.${kindInfo.kind}`)}
              </Text>
            )}
            {EVENT_KINDS.includes(kind as ExportKind) && (
              <NativeSelect
                label={t('exports.event')}
                {...register('eventId')}
                error={fe(errors.eventId)}
                data={[{ value: '', label: t(events.length ? 'exports.chooseEvent' : 'exports.noEvents') }, ...events.map((ev) => ({ value: String(ev.id), label: t('exports.eventOption', { name: ev.name, date: f.date(ev.startsOn), count: ev.entryCount }) }))]}
              />
            )}
            {kind === 'accounts' && (
              <NativeSelect
                label={t('nav.accounts')}
                {...register('status')}
                error={fe(errors.status)}
                data={ACCOUNT_STATUS_FILTERS.map((s) => ({ value: s, label: t(`exports.status.${s}`) }))}
              />
            )}
            {PRODUCT_KINDS.includes(kind as ExportKind) && (
              <NativeSelect
                label={t('register.product')}
                {...register('productId')}
                error={fe(errors.productId)}
                data={[{ value: '', label: t('exports.allProducts') }, ...products.map((p) => ({ value: String(p.id), label: p.name }))]}
              />
            )}
            {kind === 'optouts' && (
              <Group align="flex-start" gap="sm">
                <Controller
                  control={control}
                  name="from"
                  render={({ field, fieldState }) => <DateField label={t('exports.from')} value={field.value} onChange={field.onChange} ref={field.ref} error={fe(fieldState.error)} />}
                />
                <Controller
                  control={control}
                  name="to"
                  render={({ field, fieldState }) => <DateField label={t('exports.to')} value={field.value} onChange={field.onChange} ref={field.ref} error={fe(fieldState.error)} />}
                />
                <NativeSelect
                  label={t('account.col.list')}
                  {...register('list')}
                  data={[{ value: '', label: t('exports.allLists') }, ...LISTS.map((l) => ({ value: l, label: t(`list.${l}`) }))]}
                  w={220}
                />
              </Group>
            )}
            <Controller
              control={control}
              name="format"
              render={({ field, fieldState }) => (
                <Radio.Group label={t('exports.format')} value={field.value} onChange={(v) => field.onChange(v as ExportFormat)} error={fe(fieldState.error)}>
                  <Group gap="lg" mt={6}>
                    {EXPORT_FORMATS.map((x, i) => (
                      <Radio key={x} value={x} label={t(`exports.format.${x}`)} ref={i === 0 ? field.ref : undefined} onBlur={field.onBlur} />
                    ))}
                  </Group>
                </Radio.Group>
              )}
            />
            <Textarea
              label={t('exports.purpose')}
              description={t('exports.purposeHint')}
              {...register('purpose')}
              error={fe(errors.purpose)}
              autosize
              minRows={2}
            />
            <Group>
              <Button type="submit" loading={start.isPending} disabled={running}>
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
