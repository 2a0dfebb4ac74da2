import { Button, Group, Loader, Stack, Text, TextInput } from '@mantine/core';
import { RawRecord } from '../../components/RawDetails';
import { useAuditText } from '../../i18n/audit-text';
import { useErrorText, useFormat, useT } from '../../i18n';
import { DataTable } from '../../components/DataTable';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { AccessLogRow } from '../../../../shared/contract/dsr';
import { FormError } from '../../components/FormError';
import { PageHeader } from '../../components/PageHeader';
import { call } from '../../lib/call';

/**
 * The managers' access log: who viewed or exported whose personal data (accounts, billing, service
 * notes, leads, entries), newest first. Rows name people by id only; search by email to see
 * everything about one person.
 */
export function AccessLogScreen() {
  const t = useT();
  const f = useFormat();
  const errorText = useErrorText();
  const words = useAuditText();
  const [email, setEmail] = useState('');
  const [applied, setApplied] = useState<string | undefined>(undefined);
  const [rows, setRows] = useState<AccessLogRow[] | null>(null);
  const [next, setNext] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(
    async (before?: number) => {
      const r = await call(window.api.dsr.accessLog({ ...(applied ? { email: applied } : {}), ...(before ? { beforeSeq: before } : {}) }));
      if (!r.ok) {
        setError(errorText(r.error));
        return;
      }
      setError(null);
      setRows((prev) => (before && prev ? [...prev, ...r.value.rows] : r.value.rows));
      setNext(r.value.nextBeforeSeq);
    },
    [applied, errorText],
  );
  useEffect(() => {
    void load();
  }, [load]);

  const filter = (e: FormEvent) => {
    e.preventDefault();
    setRows(null);
    setApplied(email.trim() || undefined);
  };

  return (
    <Stack gap="md">
      <PageHeader title={t('nav.accessLog')} description={t('accessLog.description')} />
      <form onSubmit={filter} role="search" aria-label={t('accessLog.filter')}>
        <Group align="flex-end" gap="xs">
          <TextInput label={t('accessLog.email')} description={t('accessLog.emailHint')} type="email" value={email} onChange={(e) => setEmail(e.currentTarget.value)} w={360} />
          <Button type="submit" variant="default">
            {t('accessLog.show')}
          </Button>
        </Group>
      </form>
      <FormError message={error} title={t('accessLog.loadFailed')} />
      {!rows && !error && <Loader aria-label={t('accessLog.loading')} />}
      {rows && rows.length === 0 && <Text c="dimmed">{t(applied ? 'accessLog.emptyPerson' : 'accessLog.empty')}</Text>}
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
      {next !== null && (
        <Group>
          <Button variant="default" onClick={() => void load(next)}>
            {t('accessLog.older')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
