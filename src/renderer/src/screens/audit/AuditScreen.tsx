import { Alert, Button, Group, Loader, Stack, Switch, Text } from '@mantine/core';
import { DataTable } from '../../components/DataTable';
import { useState } from 'react';
import { Controller } from 'react-hook-form';
import { auditListInput } from '../../../../shared/contract/audit';
import { FormError } from '../../components/FormError';
import { PageHeader } from '../../components/PageHeader';
import { RawRecord } from '../../components/RawDetails';
import { useChannelMutation, useChannelQuery, useFilterForm, useRefusalOnFields } from '../../data';
import { useAuditText } from '../../i18n/audit-text';
import { useErrorText, useFieldText, useFormat, useT } from '../../i18n';

const PAGE_SIZE = 50;

/** The log's filter, as the channel takes it. */
const filterSchema = auditListInput.pick({ readsOnly: true });

/**
 * The append-only, hash-chained audit log, newest first, with its verifier. Rows name people by
 * id only, so an admin reading this sees who did what to which record, never the record itself.
 */
export function AuditScreen() {
  const t = useT();
  const f = useFormat();
  const errorText = useErrorText();
  const fe = useFieldText();
  const words = useAuditText();
  const filter = useFilterForm(filterSchema, { readsOnly: false });
  const readsOnly = filter.applied.readsOnly === true;
  // Cursors of the pages visited so far; the last one is the page on screen (undefined = newest).
  const [cursors, setCursors] = useState<(number | undefined)[]>([undefined]);
  const cursor = cursors[cursors.length - 1];
  // Keyed by page and filter: paging quickly never shows an earlier page's late answer.
  const list = useChannelQuery('audit.list', { limit: PAGE_SIZE, ...(cursor !== undefined ? { beforeSeq: cursor } : {}), ...(readsOnly ? { readsOnly: true } : {}) }, { keepPrevious: true });
  const page = list.data ?? null;
  // The verification is itself audited; as a change to the audit feature it reads the log again.
  const verifying = useChannelMutation('audit.verify');
  const verification = verifying.data ?? null;
  const error = useRefusalOnFields(list.problem, filter.form.setError) ?? (verifying.problem ? errorText(verifying.problem) : null);

  const verify = async () => {
    // Show the newest page again so the verification's own row appears.
    setCursors([undefined]);
    await verifying.run({});
  };

  return (
    <Stack gap="md">
      <PageHeader
        title={t('nav.audit')}
        description={t('auditScreen.description')}
        actions={
          <Button onClick={() => void verify()} loading={verifying.isPending}>
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
      <form onSubmit={filter.submit} noValidate aria-label={t('auditScreen.filter')}>
        <Group justify="space-between">
          <Controller
            control={filter.form.control}
            name="readsOnly"
            render={({ field, fieldState }) => (
              <Switch
                label={t('auditScreen.readsOnly')}
                description={t('auditScreen.readsOnlyHint')}
                checked={field.value === true}
                ref={field.ref}
                onBlur={field.onBlur}
                error={fe(fieldState.error)}
                onChange={(e) => {
                  // A switch applies at once: back to the newest page of the other list.
                  field.onChange(e.currentTarget.checked);
                  setCursors([undefined]);
                  void filter.submit();
                }}
              />
            )}
          />
        </Group>
      </form>
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
