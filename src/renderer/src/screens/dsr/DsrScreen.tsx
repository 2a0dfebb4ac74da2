import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Button, Card, Group, List, Modal, NativeSelect, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { dsrReference, DSR_REQUEST_METHOD_LABELS, DSR_REQUEST_METHODS, dsrSubjectInput, type DsrExportFormat, type DsrRequestMethod, type DsrSummary, type ErasureReport } from '../../../../shared/contract/dsr';
import { emailField, normaliseEmail } from '../../../../shared/email';
import { FormError } from '../../components/FormError';
import { PageHeader } from '../../components/PageHeader';
import { StatusMessage } from '../../components/StatusMessage';
import { call } from '../../lib/call';
import { applyServerErrors } from '../../lib/form';

/** The request: who it is about and its reference. The same fields as the channels take. */
const requestForm = dsrSubjectInput.extend({ reference: dsrReference });
type RequestValues = z.input<typeof requestForm>;
type Request = z.output<typeof requestForm>;

const COUNT_LABELS: [keyof DsrSummary['counts'], string][] = [
  ['listMemberships', 'Mailing lists subscribed'],
  ['consentEvents', 'Consent events'],
  ['contestEntries', 'Contest and survey entries'],
  ['leads', 'Telemarketing leads'],
  ['serviceNotes', 'Service notes'],
  ['billing', 'Billing details'],
  ['mail', 'Emails'],
  ['suppressedLists', 'Do-not-mail entries'],
  ['auditRows', 'Audit rows about the person'],
];

/**
 * Data subject requests (managers): find everything stored about a person, give it to them (JSON
 * and a readable document, saved where the manager chooses), or erase it.
 */
export function DsrScreen() {
  const [request, setRequest] = useState<Request | null>(null);
  const [summary, setSummary] = useState<DsrSummary | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState<DsrExportFormat | null>(null);
  const [erasing, setErasing] = useState(false);
  const [report, setReport] = useState<ErasureReport | null>(null);
  const { register, handleSubmit, setError, formState } = useForm<RequestValues, unknown, Request>({
    resolver: zodResolver(requestForm),
    defaultValues: { email: '', phone: '', reference: '' },
  });
  const e = formState.errors;

  const lookup = handleSubmit(async (v) => {
    setFormError(null);
    setStatus(null);
    setReport(null);
    const r = await call(window.api.dsr.lookup({ email: v.email, ...(v.phone ? { phone: v.phone } : {}) }));
    if (!r.ok) {
      setSummary(null);
      setFormError(applyServerErrors(r.error, setError));
      return;
    }
    setRequest(v);
    setSummary(r.value);
  });

  const save = async (format: DsrExportFormat) => {
    if (!request) return;
    setBusy(format);
    setStatus(null);
    setFormError(null);
    const r = await call(window.api.dsr.exportAccess({ email: request.email, ...(request.phone ? { phone: request.phone } : {}), reference: request.reference, format }));
    setBusy(null);
    if (!r.ok) setFormError(r.error.message);
    else if (r.value.saved) setStatus(`Saved ${r.value.fileName} (${r.value.bytes.toLocaleString()} bytes). The export is recorded in the audit log.`);
    else setStatus('Not saved: the save dialog was cancelled.');
  };

  return (
    <Stack gap="md">
      <PageHeader
        title="Data subject requests"
        description="When a person asks what we hold about them, or asks us to erase it. Everything is found by their email (and phone, for telemarketing records) across the customer and contest databases."
      />
      <form onSubmit={lookup} noValidate aria-label="Request">
        <SimpleGrid cols={{ base: 1, md: 3 }}>
          <TextInput label="Email" type="email" data-autofocus {...register('email')} error={e.email?.message} />
          <TextInput label="Phone (optional)" description="Finds telemarketing records that have no email." {...register('phone')} error={e.phone?.message} />
          <TextInput label="Request reference" description="As in DSR-2026-014." {...register('reference')} error={e.reference?.message} />
        </SimpleGrid>
        <Group mt="sm">
          <Button type="submit" loading={formState.isSubmitting}>
            Look up
          </Button>
        </Group>
      </form>
      <FormError message={formError} title="Request not completed" />
      <StatusMessage message={status} onClose={() => setStatus(null)} />
      {report && <ErasureSummary report={report} />}
      {summary && request && (
        <Card withBorder padding="lg" component="section" aria-label="What is stored">
          <Stack gap="md">
            <Title order={3}>What is stored about {summary.email}</Title>
            {summary.empty ? (
              <Text>Nothing personal is stored about this person{summary.counts.suppressedLists > 0 ? ', apart from the do-not-mail entries (kept as a keyed hash, not as the address)' : ''}.</Text>
            ) : (
              <Text size="sm">{summary.account ? `Customer account ${summary.account.id} (${summary.account.status}).` : 'No customer account.'}</Text>
            )}
            <Table aria-label="Records found" maw={520}>
              <Table.Tbody>
                {COUNT_LABELS.map(([k, label]) => (
                  <Table.Tr key={k}>
                    <Table.Th scope="row" fw={400}>
                      {label}
                    </Table.Th>
                    <Table.Td ta="right">{summary.counts[k]}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            <Text size="sm" c="dimmed">
              The export holds everything in the list above, service notes in a section of their own. It is written to the file you choose and recorded in the audit log; nothing is shown on this screen.
            </Text>
            <Group>
              <Button variant="default" loading={busy === 'json'} onClick={() => void save('json')}>
                Save as JSON…
              </Button>
              <Button variant="default" loading={busy === 'html'} onClick={() => void save('html')}>
                Save readable document…
              </Button>
              <Button color="red" variant="light" disabled={summary.empty} onClick={() => setErasing(true)}>
                Erase…
              </Button>
            </Group>
          </Stack>
        </Card>
      )}
      <Modal opened={erasing} onClose={() => setErasing(false)} title="Erase this person's data" size="lg">
        {erasing && request && (
          <EraseForm
            request={request}
            onDone={(r) => {
              setErasing(false);
              setReport(r);
              setSummary(null);
            }}
            onCancel={() => setErasing(false)}
          />
        )}
      </Modal>
    </Stack>
  );
}

const eraseForm = z
  .object({ requestMethod: z.enum(DSR_REQUEST_METHODS, { error: 'Choose how the person asked.' }), confirmEmail: emailField })
  .strict();
type EraseValues = z.input<typeof eraseForm>;

function EraseForm({ request, onDone, onCancel }: { request: Request; onDone: (r: ErasureReport) => void; onCancel: () => void }) {
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, setError, formState } = useForm<EraseValues, unknown, z.output<typeof eraseForm>>({
    resolver: zodResolver(eraseForm),
    defaultValues: { requestMethod: '' as DsrRequestMethod, confirmEmail: '' },
  });
  const e = formState.errors;
  const submit = handleSubmit(async (v) => {
    setFormError(null);
    if (normaliseEmail(v.confirmEmail) !== normaliseEmail(request.email)) {
      setError('confirmEmail', { message: 'Type the same email again to confirm.' });
      return;
    }
    const r = await call(window.api.dsr.erase({ email: request.email, ...(request.phone ? { phone: request.phone } : {}), confirmEmail: v.confirmEmail, requestMethod: v.requestMethod, reference: request.reference }));
    if (r.ok) onDone(r.value);
    else setFormError(applyServerErrors(r.error, setError));
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Alert color="red" variant="light" title="This cannot be undone">
          <Text size="sm">Removed from both databases, for {request.email}:</Text>
          <List size="sm">
            <List.Item>the account&apos;s name and email, its service notes, billing details and emails</List.Item>
            <List.Item>every telemarketing lead of the person</List.Item>
            <List.Item>the personal data and answers of their contest and survey entries</List.Item>
          </List>
          <Text size="sm" mt="xs">
            Kept without personal data, as proof: when consent was given and withdrawn and under which notice, and a keyed hash of the email so it is never mailed again
            without new consent. The databases are then compacted so no deleted bytes remain on disk.
          </Text>
        </Alert>
        <NativeSelect
          label="How did the person ask?"
          data={[{ value: '', label: 'Choose…' }, ...DSR_REQUEST_METHODS.map((m) => ({ value: m, label: DSR_REQUEST_METHOD_LABELS[m] }))]}
          {...register('requestMethod')}
          error={e.requestMethod?.message}
          data-autofocus
        />
        <TextInput label="Type the email again to confirm" autoComplete="off" {...register('confirmEmail')} error={e.confirmEmail?.message} />
        <FormError message={formError} title="Not erased" />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" color="red" loading={formState.isSubmitting}>
            Erase permanently
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function ErasureSummary({ report }: { report: ErasureReport }) {
  const r = report.erased;
  const scrubbed = report.scrubbed.customers && report.scrubbed.contests;
  return (
    <Alert color={scrubbed ? 'teal' : 'yellow'} role="status" title="Erased">
      <Text size="sm">
        Removed: {r.account ? 'the account’s personal data, ' : ''}
        {[plural(r.contestEntries, 'contest entry', 'contest entries'), plural(r.leads, 'lead', 'leads'), plural(r.serviceNotes, 'service note', 'service notes'), plural(r.billing, 'billing record', 'billing records'), plural(r.mail, 'email', 'emails')].join(', ')}.
        Kept as proof without personal data: {plural(report.kept.consentEvents + report.kept.entryConsentEvents, 'consent event', 'consent events')}, and the do-not-mail hash for{' '}
        {plural(report.kept.suppressedLists, 'list', 'lists')}.
      </Text>
      <Text size="sm" mt={4}>
        {scrubbed
          ? 'The databases were compacted and their logs emptied: no deleted bytes remain on disk.'
          : 'Another task was reading the database, so its log could not be emptied yet. Close and reopen the app to finish removing the deleted bytes from disk.'}
      </Text>
    </Alert>
  );
}
