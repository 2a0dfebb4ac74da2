import { Button, Group, Loader, Stack, Text, TextInput } from '@mantine/core';
import { RawRecord } from '../../components/RawDetails';
import { useAuditText } from '../../i18n/audit-text';
import { useFieldText, useFormat, useT } from '../../i18n';
import { DataTable } from '../../components/DataTable';
import { accessLogInput } from '../../../../shared/contract/dsr';
import { FormError } from '../../components/FormError';
import { PageHeader } from '../../components/PageHeader';
import { useChannelPages, useFilterForm, useRefusalOnFields } from '../../data';

/** The log's filter: one person's email, or none for every read. */
const filterSchema = accessLogInput.pick({ email: true });

/**
 * The managers' access log: who viewed or exported whose personal data (accounts, billing, service
 * notes, leads, entries), newest first. Rows name people by id only; search by email to see
 * everything about one person.
 */
export function AccessLogScreen() {
  const t = useT();
  const f = useFormat();
  const fe = useFieldText();
  const words = useAuditText();
  const filter = useFilterForm(filterSchema, { email: '' }, (): void => void log.refetch());
  const { applied } = filter;
  // Keyed by the email: a late answer for an earlier filter, or an older page asked for under it, never joins this list.
  const log = useChannelPages('dsr.accessLog', applied.email ? { email: applied.email } : {}, { next: (page) => page.nextBeforeSeq, after: (beforeSeq) => ({ beforeSeq }) });
  const rows = log.data ? log.pages.flatMap((p) => p.rows) : null;
  const error = useRefusalOnFields(log.problem, filter.form.setError);

  return (
    <Stack gap="md">
      <PageHeader title={t('nav.accessLog')} description={t('accessLog.description')} />
      <form onSubmit={filter.submit} noValidate role="search" aria-label={t('accessLog.filter')}>
        <Group align="flex-end" gap="xs">
          <TextInput label={t('accessLog.email')} description={t('accessLog.emailHint')} type="email" {...filter.form.register('email')} error={fe(filter.form.formState.errors.email)} w={360} />
          <Button type="submit" variant="default">
            {t('accessLog.show')}
          </Button>
        </Group>
      </form>
      <FormError message={error} title={t('accessLog.loadFailed')} />
      {!rows && !log.problem && <Loader aria-label={t('accessLog.loading')} />}
      {rows && rows.length === 0 && <Text c="dimmed">{t(applied.email ? 'accessLog.emptyPerson' : 'accessLog.empty')}</Text>}
      {rows && rows.length > 0 && (
        <DataTable
          label={t('accessLog.table')}
          rows={rows}
          rowKey={(r) => r.seq}
          minWidth={760}
          striped
          verticalSpacing="xs"
          rowDetails={(r) => <RawRecord raw={{ seq: r.seq, at: r.at, actorId: r.actorId, actorName: r.actorName, action: r.action, subjectType: r.subjectType, subjectId: r.subjectId }} />}
          columns={[
            { id: 'when', header: t('account.col.when'), nowrap: true, cell: (r) => f.dateTime(r.at), sortValue: (r) => r.at },
            { id: 'what', header: t('auditScreen.col.what'), cell: (r) => words.sentence(r) },
            { id: 'whose', header: t('accessLog.col.whose'), cell: (r) => words.subject(r), sortValue: (r) => words.subject(r) },
          ]}
        />
      )}
      {log.hasNextPage && (
        <Group>
          <Button variant="default" loading={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>
            {t('accessLog.older')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
