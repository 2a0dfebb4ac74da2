import { Alert, Button, Card, Group, List, Modal, NativeSelect, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { dsrReference, DSR_REQUEST_METHODS, dsrSubjectInput, type DsrExportFormat, type DsrRequestMethod, type DsrSummary, type ErasureReport } from '../../../../shared/contract/dsr';
import { ACCOUNT_STATUSES, type AccountStatus } from '../../../../shared/customers-lists';
import { emailField, normaliseEmail } from '../../../../shared/email';
import { fieldIssue } from '../../../../shared/errors';
import { FormError } from '../../components/FormError';
import { PageHeader } from '../../components/PageHeader';
import { StatusMessage } from '../../components/StatusMessage';
import { useChannelMutation } from '../../data';
import { applyServerErrors, keyedResolver, toFieldError, useSubmitOnce } from '../../lib/form';
import { useErrorText, useFieldText, useFormat, useT, type MessageKey } from '../../i18n';

/** The request: who it is about and its reference. The same fields as the channels take. */
const requestForm = dsrSubjectInput.extend({ reference: dsrReference });
type RequestValues = z.input<typeof requestForm>;
type Request = z.output<typeof requestForm>;

const COUNT_LABELS: [keyof DsrSummary['counts'], MessageKey][] = [
  ['listMemberships', 'dsr.count.listMemberships'],
  ['consentEvents', 'dsr.count.consentEvents'],
  ['contestEntries', 'dsr.count.contestEntries'],
  ['leads', 'dsr.count.leads'],
  ['serviceNotes', 'dsr.count.serviceNotes'],
  ['billing', 'dsr.count.billing'],
  ['mail', 'dsr.count.mail'],
  ['suppressedLists', 'dsr.count.suppressedLists'],
  ['auditRows', 'dsr.count.auditRows'],
];

/**
 * Data subject requests (managers): find everything stored about a person, give it to them (JSON
 * and a readable document, saved where the manager chooses), or erase it.
 */
export function DsrScreen() {
  const t = useT();
  const f = useFormat();
  const fe = useFieldText();
  const errorText = useErrorText();
  const [request, setRequest] = useState<Request | null>(null);
  const [summary, setSummary] = useState<DsrSummary | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState<DsrExportFormat | null>(null);
  const [erasing, setErasing] = useState(false);
  const [report, setReport] = useState<ErasureReport | null>(null);
  const { register, handleSubmit, setError, formState } = useForm<RequestValues, unknown, Request>({
    resolver: keyedResolver(requestForm),
    defaultValues: { email: '', phone: '', reference: '' },
  });
  const e = formState.errors;

  // The lookup is an audited read the manager asks for; saving is a change (a file, an audit row).
  const looking = useChannelMutation('dsr.lookup', { read: true });
  const exporting = useChannelMutation('dsr.exportAccess');
  const lookup = useSubmitOnce(handleSubmit(async (v) => {
    setFormError(null);
    setStatus(null);
    setReport(null);
    const r = await looking.run({ email: v.email, ...(v.phone ? { phone: v.phone } : {}) });
    if (!r.ok) {
      setSummary(null);
      setFormError(applyServerErrors(r.error, setError, errorText, fe));
      return;
    }
    setRequest(v);
    setSummary(r.value);
  }));

  const save = useSubmitOnce(async (format: DsrExportFormat) => {
    if (!request) return;
    setBusy(format);
    setStatus(null);
    setFormError(null);
    const r = await exporting.run({ email: request.email, ...(request.phone ? { phone: request.phone } : {}), reference: request.reference, format });
    setBusy(null);
    if (!r.ok) setFormError(errorText(r.error));
    else if (r.value.saved) setStatus(t('dsr.saved', { file: r.value.fileName ?? '', size: f.bytes(r.value.bytes) }));
    else setStatus(t('dsr.notSaved'));
  });

  return (
    <Stack gap="md">
      <PageHeader title={t('dsr.title')} description={t('dsr.description')} />
      <form onSubmit={lookup} noValidate aria-label={t('dsr.request')}>
        <SimpleGrid cols={{ base: 1, md: 3 }}>
          <TextInput label={t('kiosk.form.email')} type="email" data-autofocus {...register('email')} error={fe(e.email)} />
          <TextInput label={t('dsr.phone')} description={t('dsr.phoneHint')} {...register('phone')} error={fe(e.phone)} />
          <TextInput label={t('dsr.reference')} description={t('dsr.referenceHint')} {...register('reference')} error={fe(e.reference)} />
        </SimpleGrid>
        <Group mt="sm">
          <Button type="submit" loading={formState.isSubmitting}>
            {t('dsr.lookUp')}
          </Button>
        </Group>
      </form>
      <FormError message={formError} title={t('dsr.notCompleted')} />
      <StatusMessage message={status} onClose={() => setStatus(null)} />
      {report && <ErasureSummary report={report} />}
      {summary && request && (
        <Card withBorder padding="lg" component="section" aria-label={t('dsr.whatIsStored')}>
          <Stack gap="md">
            <Title order={3}>{t('dsr.storedAbout', { email: summary.email })}</Title>
            {summary.empty ? (
              <Text>{t(summary.counts.suppressedLists > 0 ? 'dsr.nothingButSuppressed' : 'dsr.nothing')}</Text>
            ) : (
              <Text size="sm">{summary.account ? t('dsr.account', { id: summary.account.id, status: (ACCOUNT_STATUSES as readonly string[]).includes(summary.account.status) ? t(`account.status.${summary.account.status as AccountStatus}`) : summary.account.status }) : t('dsr.noAccount')}</Text>
            )}
            <Table aria-label={t('dsr.recordsFound')} maw={520}>
              <Table.Tbody>
                {COUNT_LABELS.map(([k, label]) => (
                  <Table.Tr key={k}>
                    <Table.Th scope="row" fw={400}>
                      {t(label)}
                    </Table.Th>
                    <Table.Td ta="right">{f.number(summary.counts[k])}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            <Text size="sm" c="dimmed">
              {t('dsr.exportExplained')}
            </Text>
            <Group>
              <Button variant="default" loading={busy === 'json'} onClick={() => void save('json')}>
                {t('dsr.saveJson')}
              </Button>
              <Button variant="default" loading={busy === 'html'} onClick={() => void save('html')}>
                {t('dsr.saveHtml')}
              </Button>
              <Button color="red" variant="light" disabled={summary.empty} onClick={() => setErasing(true)}>
                {t('dsr.erase')}
              </Button>
            </Group>
          </Stack>
        </Card>
      )}
      <Modal opened={erasing} onClose={() => setErasing(false)} title={t('dsr.eraseTitle')} size="lg">
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
  .object({ requestMethod: z.enum(DSR_REQUEST_METHODS), confirmEmail: emailField })
  .strict();
type EraseValues = z.input<typeof eraseForm>;

function EraseForm({ request, onDone, onCancel }: { request: Request; onDone: (r: ErasureReport) => void; onCancel: () => void }) {
  const t = useT();
  const fe = useFieldText();
  const errorText = useErrorText();
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, setError, formState } = useForm<EraseValues, unknown, z.output<typeof eraseForm>>({
    resolver: keyedResolver(eraseForm),
    defaultValues: { requestMethod: '' as DsrRequestMethod, confirmEmail: '' },
  });
  const e = formState.errors;
  const erase = useChannelMutation('dsr.erase', { invalidates: ['customers', 'entries', 'leads', 'notes', 'billing', 'outbox'] });
  const submit = useSubmitOnce(handleSubmit(async (v) => {
    setFormError(null);
    if (normaliseEmail(v.confirmEmail) !== normaliseEmail(request.email)) {
      setError('confirmEmail', toFieldError(fieldIssue('confirmEmail', 'confirm_email_differs')));
      return;
    }
    const r = await erase.run({ email: request.email, ...(request.phone ? { phone: request.phone } : {}), confirmEmail: v.confirmEmail, requestMethod: v.requestMethod, reference: request.reference });
    if (r.ok) onDone(r.value);
    else setFormError(applyServerErrors(r.error, setError, errorText, fe));
  }));
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Alert color="red" variant="light" title={t('dsr.cannotUndo')}>
          <Text size="sm">{t('dsr.removedFor', { email: request.email })}</Text>
          <List size="sm">
            <List.Item>{t('dsr.removed.account')}</List.Item>
            <List.Item>{t('dsr.removed.leads')}</List.Item>
            <List.Item>{t('dsr.removed.entries')}</List.Item>
          </List>
          <Text size="sm" mt="xs">
            {t('dsr.keptExplained')}
          </Text>
        </Alert>
        <NativeSelect
          label={t('dsr.howAsked')}
          data={[{ value: '', label: t('exports.choose') }, ...DSR_REQUEST_METHODS.map((m) => ({ value: m, label: t(`dsr.method.${m}`) }))]}
          {...register('requestMethod')}
          error={fe(e.requestMethod)}
          data-autofocus
        />
        <TextInput label={t('dsr.confirmEmail')} autoComplete="off" {...register('confirmEmail')} error={fe(e.confirmEmail)} />
        <FormError message={formError} title={t('dsr.notErased')} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" color="red" loading={formState.isSubmitting}>
            {t('dsr.erasePermanently')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function ErasureSummary({ report }: { report: ErasureReport }) {
  const t = useT();
  const r = report.erased;
  const scrubbed = report.scrubbed.customers && report.scrubbed.contests;
  return (
    <Alert color={scrubbed ? 'teal' : 'yellow'} role="status" title={t('dsr.erased')}>
      <Text size="sm">
        {t(r.account ? 'dsr.erasedWithAccount' : 'dsr.erasedCounts', { entries: r.contestEntries, leads: r.leads, notes: r.serviceNotes, billing: r.billing, mail: r.mail })}{' '}
        {t('dsr.erasedKept', { consents: report.kept.consentEvents + report.kept.entryConsentEvents, lists: report.kept.suppressedLists })}
      </Text>
      <Text size="sm" mt={4}>
        {t(scrubbed ? 'dsr.scrubbed' : 'dsr.notScrubbed')}
      </Text>
    </Alert>
  );
}
