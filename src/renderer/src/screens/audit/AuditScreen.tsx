import { Alert, Button, Code, Group, Loader, Stack, Switch, Table, Text } from '@mantine/core';
import { DataTable } from '../../components/DataTable';
import { useCallback, useEffect, useState } from 'react';
import type { AuditRow, AuditVerification } from '../../../../shared/contract/audit';
import { FormError } from '../../components/FormError';
import { PageHeader } from '../../components/PageHeader';
import { call } from '../../lib/call';
import { formatCount, formatDateTime } from '../../lib/format';

const PAGE_SIZE = 50;

const PROBLEM_TEXT: Record<Extract<AuditVerification, { ok: false }>['problem'], string> = {
  altered: 'was altered after it was written',
  removed: 'is missing: a row was removed',
  reordered: 'is out of order: rows were moved',
  truncated: 'is missing: the newest rows were removed',
};

function detailsText(details: Record<string, unknown>): string {
  return Object.entries(details)
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(', ');
}

/**
 * The append-only, hash-chained audit log, newest first, with its verifier. Rows name people by
 * id only, so an admin reading this sees who did what to which record, never the record itself.
 */
export function AuditScreen() {
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
    } else setError(r.error.message);
  }, []);
  useEffect(() => {
    void load(cursor, readsOnly);
  }, [load, cursor, readsOnly, reloadTick]);

  const verify = async () => {
    setVerifying(true);
    const r = await call(window.api.audit.verify({}));
    setVerifying(false);
    if (r.ok) setVerification(r.value);
    else setError(r.error.message);
    // The verification itself is audited: show the newest page again so its row appears.
    setCursors([undefined]);
    setReloadTick((t) => t + 1);
  };

  return (
    <Stack gap="md">
      <PageHeader
        title="Audit log"
        description="Every sign-in, staff change, change to personal data and read of personal data, newest first. Each row is chained to the one before it, so the verifier can name the first row that was altered, removed or moved."
        actions={
          <Button onClick={() => void verify()} loading={verifying}>
            Verify the log
          </Button>
        }
      />
      {verification &&
        (verification.ok ? (
          <Alert color="teal" variant="light" role="status" title="The audit log is intact">
            All {formatCount(verification.rows)} rows were checked and the chain is unbroken.
          </Alert>
        ) : (
          <Alert color="red" variant="light" role="alert" title="The audit log has been tampered with">
            Row {verification.firstBadSeq} {PROBLEM_TEXT[verification.problem]}. Rows before it are intact; do not trust row {verification.firstBadSeq} or anything after it.
            Keep a copy of the data folder and report this to your security contact. ({formatCount(verification.rows)} rows read.)
          </Alert>
        ))}
      <Group justify="space-between">
        <Switch
          label="Reads of personal data only"
          description="Views and exports of customer, entry and billing data."
          checked={readsOnly}
          onChange={(e) => {
            setReadsOnly(e.currentTarget.checked);
            setCursors([undefined]);
          }}
        />
      </Group>
      <FormError message={error} title="Could not load the audit log" />
      {!page && !error && <Loader aria-label="Loading the audit log" />}
      {page && (
        <>
          <DataTable label="Audit log entries" headers={['Row', 'Time', 'Staff', 'Action', 'Subject', 'Details']} minWidth={860} striped verticalSpacing="xs">
            {page.rows.map((r) => (
              <Table.Tr key={r.seq}>
                <Table.Td>{r.seq}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(r.at)}</Table.Td>
                <Table.Td>
                  {r.actorName}
                  {r.actorId !== null && (
                    <Text span c="dimmed" size="xs">
                      {' '}
                      #{r.actorId}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Code>{r.action}</Code>
                </Table.Td>
                <Table.Td>{r.subjectType ? `${r.subjectType} ${r.subjectId ?? ''}` : ''}</Table.Td>
                <Table.Td>
                  <Text size="xs" c="dimmed" style={{ wordBreak: 'break-word' }}>
                    {detailsText(r.details)}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </DataTable>
          {page.rows.length === 0 && (
            <Text c="dimmed" ta="center" py="lg">
              {readsOnly ? 'No reads of personal data have been recorded.' : 'The audit log is empty.'}
            </Text>
          )}
          <Group justify="space-between">
            <Text size="sm" c="dimmed">
              Page {cursors.length}
            </Text>
            <Group gap="xs">
              <Button variant="default" disabled={cursors.length === 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
                Newer
              </Button>
              <Button variant="default" disabled={page.nextBeforeSeq === null} onClick={() => setCursors((c) => [...c, page.nextBeforeSeq ?? undefined])}>
                Older
              </Button>
            </Group>
          </Group>
        </>
      )}
    </Stack>
  );
}
