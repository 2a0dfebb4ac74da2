import { Alert, Button, Group, Input, Modal, Paper, Progress, SimpleGrid, Stack, Table, Tabs, Text } from '@mantine/core';
import { BadgeCell, DataTable } from '../../components/DataTable';
import { useState, type ChangeEvent } from 'react';
import type { ImportInvalidRow, ImportPreview, ImportReport, ImportRowView, ImportSection } from '../../../../shared/contract/optouts';
import { decodeCsvBytes } from '../../../../shared/optouts-import';
import { LIST_LABELS, OPT_OUT_REASON_LABELS } from '../../../../shared/customers-lists';
import { FormError } from '../../components/FormError';
import { ImportHistory } from './ImportHistory';
import { PageHeader } from '../../components/PageHeader';
import { StatusMessage } from '../../components/StatusMessage';
import { call } from '../../lib/call';
import { formatCount } from '../../lib/format';
import { useJob } from '../../lib/use-job';

const EFFECT_LABELS: Record<ImportRowView['effect'], string> = {
  cancel_account: 'Cancels the account',
  unsubscribe: 'Unsubscribes',
  suppress: 'Suppresses the address',
  no_change: 'Already in effect',
};

interface ChosenFile {
  name: string;
  text: string;
}

/**
 * Bulk opt-out import (policy 3b): a CSV of email, list (or "all"), reason and date. The file is
 * read here and must be UTF-8; the preview and the apply run in the background. Applying the same
 * file again changes nothing.
 */
export function ImportScreen() {
  const [file, setFile] = useState<ChosenFile | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [startError, setStartError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const previewJob = useJob('optouts.importPreview');
  const applyJob = useJob('optouts.importApply');
  const [phase, setPhase] = useState<'preview' | 'apply'>('preview');
  const job = phase === 'preview' ? previewJob : applyJob;
  const preview = previewJob.result;
  const report = applyJob.result;

  const running = job.status?.state === 'running';

  const choose = async (e: ChangeEvent<HTMLInputElement>) => {
    const f = e.currentTarget.files?.[0];
    previewJob.reset();
    applyJob.reset();
    setFile(null);
    setFileError(null);
    setStartError(null);
    if (!f) return;
    const decoded = decodeCsvBytes(new Uint8Array(await f.arrayBuffer()));
    if (!decoded.ok) {
      setFileError(decoded.message);
      return;
    }
    setFile({ name: f.name, text: decoded.text });
  };

  const start = async (kind: 'preview' | 'apply') => {
    if (!file) return;
    setStartError(null);
    setConfirming(false);
    applyJob.reset();
    if (kind === 'preview') previewJob.reset();
    const input = { fileName: file.name.slice(0, 255), content: file.text };
    const r = await call(kind === 'preview' ? window.api.optouts.previewImport(input) : window.api.optouts.applyImport(input));
    if (!r.ok) {
      setStartError(r.error.message);
      return;
    }
    setPhase(kind);
    (kind === 'preview' ? previewJob : applyJob).follow(r.value);
  };

  return (
    <Stack gap="md">
      <PageHeader
        title="Opt-out import"
        description='Import a CSV file with the columns email, list, reason and date (YYYY-MM-DD). List is technical_advisories, call_detail_reports, email_marketing or "all"; reason is email, phone, web_form, bounce or other. Preview it first; applying the same file twice changes nothing.'
      />
      <Paper withBorder p="md" maw={640}>
        <Stack>
          <Input.Wrapper label="CSV file" description="UTF-8 text. In a spreadsheet, save as “CSV UTF-8 (comma delimited)”." id="optout-csv-file">
            <input
              id="optout-csv-file"
              type="file"
              accept=".csv,text/csv,text/plain"
              aria-describedby="optout-csv-file-description"
              onChange={(e) => void choose(e)}
              disabled={running}
              style={{ display: 'block', marginTop: 6 }}
            />
          </Input.Wrapper>
          <FormError message={fileError} title="File not accepted" />
          {file && (
            <Text size="sm">
              {file.name}: {formatCount(file.text.split('\n').filter((l) => l.trim() !== '').length - 1)} rows.
            </Text>
          )}
          <Group>
            <Button onClick={() => void start('preview')} disabled={!file || running}>
              Preview
            </Button>
          </Group>
        </Stack>
      </Paper>
      <FormError message={startError ?? job.error} title="Import not started" />
      {job.status && (
        <Stack gap={4} maw={640}>
          <Group justify="space-between">
            <Text size="sm" id="import-progress-label">
              {job.status.message}
            </Text>
            {running && (
              <Button size="xs" variant="default" onClick={() => void job.cancel()}>
                Cancel
              </Button>
            )}
          </Group>
          <Progress value={job.status.progress * 100} aria-labelledby="import-progress-label" aria-label="Import progress" animated={running} />
          {job.status.state === 'failed' && <FormError message={job.status.error ?? 'The import failed.'} title="Import failed" />}
          {job.status.state === 'cancelled' && (
            <Alert color="yellow" variant="light" role="status">
              Cancelled. Rows already applied stay applied; apply the same file again to finish (rows already in effect are skipped).
            </Alert>
          )}
        </Stack>
      )}
      {report && <ReportView report={report} />}
      {preview && !report && <PreviewView preview={preview} onApply={() => (preview.cancellations.count > 0 ? setConfirming(true) : void start('apply'))} disabled={running} />}
      <Modal opened={confirming} onClose={() => setConfirming(false)} title="Apply the import?">
        <Stack>
          <Text size="sm">
            This file cancels {formatCount(preview?.cancellations.count ?? 0)} account{preview?.cancellations.count === 1 ? '' : 's'}: each is unsubscribed from all three lists and closed, as
            the policy requires for leaving technical advisories.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)} autoFocus>
              Back to the preview
            </Button>
            <Button color="red" onClick={() => void start('apply')}>
              Apply and cancel the accounts
            </Button>
          </Group>
        </Stack>
      </Modal>
      <ImportHistory refresh={`${job.status?.id ?? ''}:${job.status?.state ?? ''}`} />
    </Stack>
  );
}

function PreviewView({ preview, onApply, disabled }: { preview: ImportPreview; onApply: () => void; disabled: boolean }) {
  const p = preview;
  const toApply = p.matched.count + p.unknown.count;
  return (
    <Stack gap="sm" role="region" aria-label="Import preview">
      <SimpleGrid cols={{ base: 2, sm: 5 }}>
        <Figure label="Rows in the file" value={p.totalRows} />
        <Figure label="Matched accounts" value={p.matched.count} />
        <Figure label="Unknown emails (to suppress)" value={p.unknown.count} />
        <Figure label="Would cancel accounts" value={p.cancellations.count} />
        <Figure label="Invalid rows" value={p.invalid.count} />
      </SimpleGrid>
      <Text size="sm" c="dimmed">
        {formatCount(p.unchanged)} valid rows are already in effect and will change nothing.
        {p.invalid.count > 0 && ` ${formatCount(p.invalid.count)} invalid rows will be skipped; fix them in the file and import it again.`}
      </Text>
      <Tabs defaultValue={p.cancellations.count > 0 ? 'cancellations' : 'matched'}>
        <Tabs.List>
          <Tabs.Tab value="cancellations">Would cancel ({formatCount(p.cancellations.count)})</Tabs.Tab>
          <Tabs.Tab value="matched">Matched ({formatCount(p.matched.count)})</Tabs.Tab>
          <Tabs.Tab value="unknown">Unknown ({formatCount(p.unknown.count)})</Tabs.Tab>
          <Tabs.Tab value="invalid">Invalid ({formatCount(p.invalid.count)})</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="cancellations" pt="sm">
          <RowsTable label="Rows that cancel accounts" section={p.cancellations} limit={p.sampleLimit} />
        </Tabs.Panel>
        <Tabs.Panel value="matched" pt="sm">
          <RowsTable label="Matched accounts" section={p.matched} limit={p.sampleLimit} />
        </Tabs.Panel>
        <Tabs.Panel value="unknown" pt="sm">
          <RowsTable label="Unknown emails" section={p.unknown} limit={p.sampleLimit} />
        </Tabs.Panel>
        <Tabs.Panel value="invalid" pt="sm">
          <InvalidTable section={p.invalid} limit={p.sampleLimit} />
        </Tabs.Panel>
      </Tabs>
      <Group>
        <Button onClick={onApply} disabled={disabled || toApply === 0}>
          Apply {formatCount(toApply)} valid rows
        </Button>
      </Group>
    </Stack>
  );
}

function Figure({ label, value }: { label: string; value: number }) {
  return (
    <Paper withBorder p="sm" role="group" aria-label={label}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="xl" fw={600}>
        {formatCount(value)}
      </Text>
    </Paper>
  );
}

function More({ section, limit }: { section: ImportSection<unknown>; limit: number }) {
  if (section.count <= section.rows.length) return null;
  return (
    <Text size="xs" c="dimmed">
      Showing the first {formatCount(limit)} of {formatCount(section.count)}.
    </Text>
  );
}

function RowsTable({ label, section, limit }: { label: string; section: ImportSection<ImportRowView>; limit: number }) {
  if (section.count === 0) return <Text c="dimmed">None.</Text>;
  return (
    <Stack gap={4}>
      <DataTable label={label} headers={['Line', 'Email', 'Lists', 'Reason', 'Date', 'Account', 'Effect']} minWidth={760} striped verticalSpacing={4}>
        {section.rows.map((r) => (
          <Table.Tr key={`${r.line}`}>
            <Table.Td>{r.line}</Table.Td>
            <Table.Td>{r.email}</Table.Td>
            <Table.Td>{r.lists.length === 3 ? 'All three' : r.lists.map((l) => LIST_LABELS[l]).join(', ')}</Table.Td>
            <Table.Td>{OPT_OUT_REASON_LABELS[r.reason]}</Table.Td>
            <Table.Td>{r.date}</Table.Td>
            <Table.Td>{r.accountId ?? '—'}</Table.Td>
            <BadgeCell color={r.effect === 'cancel_account' ? 'red' : r.effect === 'no_change' ? 'gray' : 'blue'}>{EFFECT_LABELS[r.effect]}</BadgeCell>
          </Table.Tr>
        ))}
      </DataTable>
      <More section={section} limit={limit} />
    </Stack>
  );
}

function InvalidTable({ section, limit }: { section: ImportSection<ImportInvalidRow>; limit: number }) {
  if (section.count === 0) return <Text c="dimmed">None: every row is valid.</Text>;
  return (
    <Stack gap={4}>
      <DataTable label="Invalid rows" headers={['Line', 'Row', 'Why it is skipped']} striped verticalSpacing={4}>
        {section.rows.map((r) => (
          <Table.Tr key={r.line}>
            <Table.Td>{r.line}</Table.Td>
            <Table.Td>
              <Text size="sm" ff="monospace" style={{ wordBreak: 'break-all' }}>
                {r.excerpt}
              </Text>
            </Table.Td>
            <Table.Td>{r.reason}</Table.Td>
          </Table.Tr>
        ))}
      </DataTable>
      <More section={section} limit={limit} />
    </Stack>
  );
}

function ReportView({ report }: { report: ImportReport }) {
  const r = report;
  return (
    <Stack gap="sm" role="region" aria-label="Import report">
      <StatusMessage
        message={`Import ${r.importId} finished: ${formatCount(r.changedRows)} rows changed something, ${formatCount(r.unchangedRows)} were already in effect, ${formatCount(r.invalid.count)} were invalid.`}
      />
      <SimpleGrid cols={{ base: 2, sm: 5 }}>
        <Figure label="Rows in the file" value={r.totalRows} />
        <Figure label="List withdrawals recorded" value={r.unsubscribeEvents} />
        <Figure label="Accounts cancelled" value={r.cancelledAccounts} />
        <Figure label="Suppression entries added" value={r.suppressionAdded} />
        <Figure label="Invalid rows skipped" value={r.invalid.count} />
      </SimpleGrid>
      {r.invalid.count > 0 && <InvalidTable section={r.invalid} limit={r.invalid.rows.length} />}
    </Stack>
  );
}
