import { Alert, Button, Group, Loader, Stack, Switch, Text } from '@mantine/core';
import { DataTable } from '../../components/DataTable';
import { useCallback, useEffect, useState } from 'react';
import type { AuditRow, AuditVerification } from '../../../../shared/contract/audit';
import { FormError } from '../../components/FormError';
import { PageHeader } from '../../components/PageHeader';
import { call } from '../../lib/call';
import { RawRecord } from '../../components/RawDetails';
import { useAuditText } from '../../i18n/audit-text';
import { useErrorText, useFormat, useT } from '../../i18n';

const PAGE_SIZE = 50;


/**
 * The append-only, hash-chained audit log, newest first, with its verifier. Rows name people by
 * id only, so an admin reading this sees who did what to which record, never the record itself.
 */
export function AuditScreen() {
  const t = useT();
  const f = useFormat();
  const errorText = useErrorText();
  const words = useAuditText();
  const [readsOnly, setReadsOnly] = useState(false);
  // Cursors of the pages visited so far; the last one is the page on screen (undefined = newest).
  const [cursors, setCursors] = useState<(number | undefined)[]>([undefined]);
  const [page, setPage] = useState<{ rows: AuditRow[]; nextBeforeSeq: number | null } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [verification, setVerification] = useState<AuditVerification | null>(null);
  const [verifying, setVerifying] = useState(false);
  const [reloadTick, setReloadTick] = useState(0);

  const cursor = cursors[cursors.length - 1];
  const load = useCallback(async (beforeSeq: number | undefined, reads: boolean) => {
    const r = await call(window.api.audit.list({ limit: PAGE_SIZE, ...(beforeSeq !== undefined ? { beforeSeq } : {}), ...(reads ? { readsOnly: true } : {}) }));
    if (r.ok) {
      setPage(r.value);
      setError(null);
    } else setError(errorText(r.error));
  }, [errorText]);
  useEffect(() => {
    void load(cursor, readsOnly);
  }, [load, cursor, readsOnly, reloadTick]);

  const verify = async () => {
    setVerifying(true);
    const r = await call(window.api.audit.verify({}));
    setVerifying(false);
    if (r.ok) setVerification(r.value);
    else setError(errorText(r.error));
    // The verification itself is audited: show the newest page again so its row appears.
    setCursors([undefined]);
    setReloadTick((n) => n + 1);
  };

  return (
    <Stack gap="md">
      <PageHeader
        title={t('nav.audit')}
        description={t('auditScreen.description')}
        actions={
          <Button onClick={() => void verify()} loading={verifying}>
            {t('auditScreen.verify')}
          </Button>
        }
      />
      {verification &&
        (verification.ok ? (
          <Alert color="teal" variant="light" role="status" title={t('auditScreen.intact')}>
            {t('auditScreen.intactBody', { count: verification.rows })}
          </Alert>
        ) : (
          <Alert color="red" variant="light" role="alert" title={t('auditScreen.tampered')}>
            {t(`auditScreen.problem.${verification.problem}`, { row: verification.firstBadSeq })} {t('auditScreen.tamperedBody', { row: verification.firstBadSeq, count: verification.rows })}
          </Alert>
        ))}
      <Group justify="space-between">
        <Switch
          label={t('auditScreen.readsOnly')}
          description={t('auditScreen.readsOnlyHint')}
          checked={readsOnly}
          onChange={(e) => {
            setReadsOnly(e.currentTarget.checked);
            setCursors([undefined]);
          }}
        />
      </Group>
      <FormError message={error} title={t('auditScreen.loadFailed')} />
      {!page && !error && <Loader aria-label={t('auditScreen.loading')} />}
      {page && (
        <>
          <DataTable
            label={t('auditScreen.entries')}
            rows={page.rows}
            rowKey={(r) => r.seq}
            minWidth={760}
            striped
            verticalSpacing="xs"
            rowDetails={(r) => <RawRecord raw={{ seq: r.seq, at: r.at, actorId: r.actorId, actorName: r.actorName, action: r.action, subjectType: r.subjectType, subjectId: r.subjectId, details: r.details }} />}
            columns={[
              { id: 'row', header: t('auditScreen.col.row'), cell: (r) => r.seq },
              { id: 'time', header: t('auditScreen.col.time'), nowrap: true, cell: (r) => f.dateTimeSeconds(r.at) },
              { id: 'what', header: t('auditScreen.col.what'), cell: (r) => words.sentence(r) },
            ]}
          />
          {page.rows.length === 0 && (
            <Text c="dimmed" ta="center" py="lg">
              {t(readsOnly ? 'auditScreen.noReads' : 'auditScreen.empty')}
            </Text>
          )}
          <Group justify="space-between">
            <Text size="sm" c="dimmed">
              {t('auditScreen.page', { page: cursors.length })}
            </Text>
            <Group gap="xs">
              <Button variant="default" disabled={cursors.length === 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
                {t('auditScreen.newer')}
              </Button>
              <Button variant="default" disabled={page.nextBeforeSeq === null} onClick={() => setCursors((c) => [...c, page.nextBeforeSeq ?? undefined])}>
                {t('auditScreen.older')}
              </Button>
            </Group>
          </Group>
        </>
      )}
    </Stack>
  );
}
