import { Alert, Button, Group, Input, Modal, Paper, Progress, SimpleGrid, Stack, Tabs, Text } from '@mantine/core';
import { badgeCell, DataTable } from '../../components/DataTable';
import { useState, type ChangeEvent } from 'react';
import { Controller, useForm } from 'react-hook-form';
import type { z } from 'zod';
import { importInput, type ImportInvalidRow, type ImportPreview, type ImportReport, type ImportRowView, type ImportSection } from '../../../../shared/contract/optouts';
import { decodeCsvBytes } from '../../../../shared/optouts-import';
import type { AppErrorData } from '../../../../shared/errors';
import { FormError } from '../../components/FormError';
import { ImportHistory } from './ImportHistory';
import { PageHeader } from '../../components/PageHeader';
import { StatusMessage } from '../../components/StatusMessage';
import { useChannelMutation } from '../../data';
import { applyServerErrors, keyedResolver, useSubmitOnce } from '../../lib/form';
import { useErrorText, useFieldText, useFormat, useJobText, useT } from '../../i18n';
import { useJob } from '../../lib/use-job';

type Values = z.input<typeof importInput>;
type ImportFile = z.output<typeof importInput>;

/**
 * Bulk opt-out import (policy 3b): a CSV of email, list (or "all"), reason and date. The file is
 * read here and must be UTF-8; the preview and the apply run in the background. Applying the same
 * file again changes nothing.
 */
export function ImportScreen() {
  const t = useT();
  const f = useFormat();
  const fe = useFieldText();
  const errorText = useErrorText();
  const jobText = useJobText();
  const [startError, setStartError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const previewJob = useJob('optouts.importPreview');
  const applyJob = useJob('optouts.importApply');
  const previewing = useChannelMutation('optouts.previewImport');
  const applying = useChannelMutation('optouts.applyImport');
  const [phase, setPhase] = useState<'preview' | 'apply'>('preview');
  const job = phase === 'preview' ? previewJob : applyJob;
  const preview = previewJob.result;
  const report = applyJob.result;
  // The file, once read, is the form's value: its name and its text, checked with the import channel's schema.
  const { control, handleSubmit, setError, clearErrors, reset, watch, formState } = useForm<Values, unknown, ImportFile>({
    resolver: keyedResolver(importInput),
    defaultValues: { fileName: '', content: '' },
  });
  const file = watch('content') === '' ? null : { name: watch('fileName'), text: watch('content') };
  const fileError = fe(formState.errors.content) ?? fe(formState.errors.fileName) ?? null;

  const running = job.status?.state === 'running';
  /** Why the job failed: a refusal it names is shown in the user's language, anything else generically (in English with its own words). */
  const failureText = (status: { error?: string; problem?: AppErrorData }): string => {
    if (status.problem?.key === 'input.card_number') return t('import.cardNumberInFile');
    if (status.problem) return errorText(status.problem);
    return f.language === 'en' && status.error ? status.error : t('import.failedBody');
  };

  const choose = async (e: ChangeEvent<HTMLInputElement>) => {
    const picked = e.currentTarget.files?.[0];
    previewJob.reset();
    applyJob.reset();
    reset();
    setStartError(null);
    if (!picked) return;
    const decoded = decodeCsvBytes(new Uint8Array(await picked.arrayBuffer()));
    if (!decoded.ok) {
      setError('content', { type: 'custom', message: f.language === 'en' ? decoded.message : t('import.fileUnreadable') });
      return;
    }
    reset({ fileName: picked.name.slice(0, 255), content: decoded.text });
    clearErrors();
  };

  const start = async (kind: 'preview' | 'apply', input: ImportFile) => {
    setStartError(null);
    setConfirming(false);
    applyJob.reset();
    if (kind === 'preview') previewJob.reset();
    const r = await (kind === 'preview' ? previewing : applying).run(input);
    if (!r.ok) {
      setStartError(applyServerErrors(r.error, setError, errorText, fe));
      return;
    }
    setPhase(kind);
    (kind === 'preview' ? previewJob : applyJob).follow(r.value);
  };
  const startPreview = useSubmitOnce(handleSubmit((input) => start('preview', input)));
  const startApply = useSubmitOnce(handleSubmit((input) => start('apply', input)));

  return (
    <Stack gap="md">
      <PageHeader title={t('nav.optoutImport')} description={t('import.description')} />
      <Paper component="form" onSubmit={startPreview} noValidate withBorder p="md" maw={640}>
        <Stack>
          <Input.Wrapper label={t('import.file')} description={t('import.fileHint')} id="optout-csv-file">
            <Controller
              control={control}
              name="content"
              render={({ field }) => (
                <input
                  id="optout-csv-file"
                  ref={field.ref}
                  type="file"
                  accept=".csv,text/csv,text/plain"
                  aria-describedby="optout-csv-file-description"
                  aria-invalid={fileError ? true : undefined}
                  onChange={(e) => void choose(e)}
                  disabled={running}
                  style={{ display: 'block', marginTop: 6 }}
                />
              )}
            />
          </Input.Wrapper>
          <FormError message={fileError} title={t('import.fileRefused')} />
          {file && (
            <Text size="sm">
              {t('import.fileRows', { name: file.name, count: file.text.split('\n').filter((l) => l.trim() !== '').length - 1 })}
            </Text>
          )}
          <Group>
            <Button type="submit" disabled={!file || running} loading={previewing.isPending}>
              {t('import.preview')}
            </Button>
          </Group>
        </Stack>
      </Paper>
      <FormError message={startError ?? job.error} title={t('import.notStarted')} />
      {job.status && (
        <Stack gap={4} maw={640}>
          <Group justify="space-between">
            <Text size="sm" id="import-progress-label">
              {jobText(job.status)}
            </Text>
            {running && (
              <Button size="xs" variant="default" onClick={() => void job.cancel()}>
                {t('common.cancel')}
              </Button>
            )}
          </Group>
          <Progress value={job.status.progress * 100} aria-labelledby="import-progress-label" aria-label={t('import.progress')} animated={running} />
          {job.status.state === 'failed' && <FormError message={failureText(job.status)} title={t('import.failed')} />}
          {job.status.state === 'cancelled' && (
            <Alert color="yellow" variant="light" role="status">
              {t('import.cancelled')}
            </Alert>
          )}
        </Stack>
      )}
      {report && <ReportView report={report} />}
      {preview && !report && <PreviewView preview={preview} onApply={() => (preview.cancellations.count > 0 ? setConfirming(true) : void startApply())} disabled={running} />}
      <Modal opened={confirming} onClose={() => setConfirming(false)} title={t('import.confirm.title')}>
        <Stack>
          <Text size="sm">
            {t('import.confirm.body', { count: preview?.cancellations.count ?? 0 })}
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)} autoFocus>
              {t('import.confirm.back')}
            </Button>
            <Button color="red" onClick={() => void startApply()} loading={applying.isPending}>
              {t('import.confirm.apply')}
            </Button>
          </Group>
        </Stack>
      </Modal>
      <ImportHistory refresh={`${job.status?.id ?? ''}:${job.status?.state ?? ''}`} />
    </Stack>
  );
}

function PreviewView({ preview, onApply, disabled }: { preview: ImportPreview; onApply: () => void; disabled: boolean }) {
  const t = useT();
  const p = preview;
  const toApply = p.matched.count + p.unknown.count;
  return (
    <Stack gap="sm" role="region" aria-label={t('import.previewRegion')}>
      <SimpleGrid cols={{ base: 2, sm: 5 }}>
        <Figure label={t('import.fig.rows')} value={p.totalRows} />
        <Figure label={t('import.fig.matched')} value={p.matched.count} />
        <Figure label={t('import.fig.unknown')} value={p.unknown.count} />
        <Figure label={t('import.fig.wouldCancel')} value={p.cancellations.count} />
        <Figure label={t('import.fig.invalid')} value={p.invalid.count} />
      </SimpleGrid>
      <Text size="sm" c="dimmed">
        {t('import.unchanged', { count: p.unchanged })}
        {p.invalid.count > 0 && ` ${t('import.invalidSkipped', { count: p.invalid.count })}`}
      </Text>
      <Tabs defaultValue={p.cancellations.count > 0 ? 'cancellations' : 'matched'}>
        <Tabs.List>
          <Tabs.Tab value="cancellations">{t('import.tab.cancellations', { count: p.cancellations.count })}</Tabs.Tab>
          <Tabs.Tab value="matched">{t('import.tab.matched', { count: p.matched.count })}</Tabs.Tab>
          <Tabs.Tab value="unknown">{t('import.tab.unknown', { count: p.unknown.count })}</Tabs.Tab>
          <Tabs.Tab value="invalid">{t('import.tab.invalid', { count: p.invalid.count })}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="cancellations" pt="sm">
          <RowsTable label={t('import.table.cancellations')} section={p.cancellations} limit={p.sampleLimit} />
        </Tabs.Panel>
        <Tabs.Panel value="matched" pt="sm">
          <RowsTable label={t('import.fig.matched')} section={p.matched} limit={p.sampleLimit} />
        </Tabs.Panel>
        <Tabs.Panel value="unknown" pt="sm">
          <RowsTable label={t('import.table.unknown')} section={p.unknown} limit={p.sampleLimit} />
        </Tabs.Panel>
        <Tabs.Panel value="invalid" pt="sm">
          <InvalidTable section={p.invalid} limit={p.sampleLimit} />
        </Tabs.Panel>
      </Tabs>
      <Group>
        <Button onClick={onApply} disabled={disabled || toApply === 0}>
          {t('import.apply', { count: toApply })}
        </Button>
      </Group>
    </Stack>
  );
}

function Figure({ label, value }: { label: string; value: number }) {
  const f = useFormat();
  return (
    <Paper withBorder p="sm" role="group" aria-label={label}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="xl" fw={600}>
        {f.number(value)}
      </Text>
    </Paper>
  );
}

function More({ section, limit }: { section: ImportSection<unknown>; limit: number }) {
  const t = useT();
  if (section.count <= section.rows.length) return null;
  return (
    <Text size="xs" c="dimmed">
      {t('import.showingFirst', { limit, count: section.count })}
    </Text>
  );
}

function RowsTable({ label, section, limit }: { label: string; section: ImportSection<ImportRowView>; limit: number }) {
  const t = useT();
  const f = useFormat();
  if (section.count === 0) return <Text c="dimmed">{t('import.none')}</Text>;
  return (
    <Stack gap={4}>
      <DataTable
        label={label}
        rows={section.rows}
        rowKey={(r) => r.line}
        minWidth={760}
        striped
        verticalSpacing={4}
        columns={[
          { id: 'line', header: t('import.col.line'), cell: (r) => r.line, sortValue: (r) => r.line },
          { id: 'email', header: t('kiosk.form.email'), cell: (r) => r.email, sortValue: (r) => r.email },
          { id: 'lists', header: t('import.col.lists'), cell: (r) => (r.lists.length === 3 ? t('import.allThree') : r.lists.map((l) => t(`list.${l}`)).join(', ')) },
          { id: 'reason', header: t('account.col.reason'), cell: (r) => t(`reason.${r.reason}`), sortValue: (r) => t(`reason.${r.reason}`) },
          { id: 'date', header: t('import.col.date'), nowrap: true, cell: (r) => f.date(r.date), sortValue: (r) => r.date },
          { id: 'account', header: t('accounts.col.account'), cell: (r) => r.accountId ?? '—', sortValue: (r) => r.accountId },
          { id: 'effect', header: t('import.col.effect'), nowrap: true, cell: (r) => badgeCell(r.effect === 'cancel_account' ? 'red' : r.effect === 'no_change' ? 'gray' : 'blue', t(`import.effect.${r.effect}`)), sortValue: (r) => t(`import.effect.${r.effect}`) },
        ]}
      />
      <More section={section} limit={limit} />
    </Stack>
  );
}

function InvalidTable({ section, limit }: { section: ImportSection<ImportInvalidRow>; limit: number }) {
  const t = useT();
  if (section.count === 0) return <Text c="dimmed">{t('import.noneInvalid')}</Text>;
  return (
    <Stack gap={4}>
      <DataTable
        label={t('import.fig.invalid')}
        rows={section.rows}
        rowKey={(r) => r.line}
        striped
        verticalSpacing={4}
        columns={[
          { id: 'line', header: t('import.col.line'), cell: (r) => r.line, sortValue: (r) => r.line },
          {
            id: 'row',
            header: t('import.col.row'),
            cell: (r) => (
              <Text size="sm" ff="monospace" style={{ wordBreak: 'break-all' }}>
                {r.excerpt}
              </Text>
            ),
          },
          { id: 'why', header: t('import.col.why'), cell: (r) => r.reason, sortValue: (r) => r.reason },
        ]}
      />
      <More section={section} limit={limit} />
    </Stack>
  );
}

function ReportView({ report }: { report: ImportReport }) {
  const t = useT();
  const r = report;
  return (
    <Stack gap="sm" role="region" aria-label={t('import.report')}>
      <StatusMessage message={t('import.finished', { id: r.importId, changed: r.changedRows, unchanged: r.unchangedRows, invalid: r.invalid.count })} />
      <SimpleGrid cols={{ base: 2, sm: 5 }}>
        <Figure label={t('import.fig.rows')} value={r.totalRows} />
        <Figure label={t('import.fig.withdrawals')} value={r.unsubscribeEvents} />
        <Figure label={t('import.fig.cancelled')} value={r.cancelledAccounts} />
        <Figure label={t('import.fig.suppressed')} value={r.suppressionAdded} />
        <Figure label={t('import.fig.invalidSkipped')} value={r.invalid.count} />
      </SimpleGrid>
      {r.invalid.count > 0 && <InvalidTable section={r.invalid} limit={r.invalid.rows.length} />}
    </Stack>
  );
}
