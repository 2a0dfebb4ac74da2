import { Button, Group, Loader, Modal, NativeSelect, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { listLeadsInput, type Lead } from '../../../../shared/contract/leads';
import { badgeCell, DataTable } from '../../components/DataTable';
import { FormError } from '../../components/FormError';
import { PageHeader } from '../../components/PageHeader';
import { StatusMessage } from '../../components/StatusMessage';
import { useChannelPages, useChannelQuery, useFilterForm, useRefusalOnFields } from '../../data';
import { useFieldText, useFormat, useT } from '../../i18n';
import { useSession } from '../../lib/session-store';
import { ConvertLeadForm, EditLeadForm, NewLeadForm, RemoveLeadForm } from './LeadForms';

type Dialog = { kind: 'new' } | { kind: 'edit' | 'convert' | 'remove'; lead: Lead } | null;

/** The list's filter: which leads and a search, as the channel takes them. */
const filterSchema = listLeadsInput.pick({ status: true, query: true });

/**
 * Telemarketing leads (policy 2b). A prospect is recorded only with express permission, and each
 * lead shows the evidence of that permission. Office staff manage leads; managers may read them.
 */
export function LeadsScreen() {
  const t = useT();
  const fe = useFieldText();
  const canManage = useSession((s) => s.session?.permissions.includes('leads.manage') ?? false);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [status, setStatus] = useState<string | null>(null);
  const filter = useFilterForm(filterSchema, { status: 'open', query: '' }, (): void => void list.refetch());
  const { applied } = filter;
  // Keyed by the filter: a late answer for an earlier filter, or an older page asked for under it, never joins this list.
  const list = useChannelPages('leads.list', applied, { next: (page) => page.nextBeforeId, after: (beforeId) => ({ beforeId }) });
  const leads = list.data ? list.pages.flatMap((p) => p.leads) : null;
  const loadError = useRefusalOnFields(list.problem, filter.form.setError);
  const scripts = useChannelQuery('leads.scripts', {}).data ?? [];

  // Every change to a lead refreshes the list (the forms' calls belong to the leads feature).
  const done = (message: string) => {
    setDialog(null);
    setStatus(message);
  };
  const e = filter.form.formState.errors;

  return (
    <Stack gap="md">
      <PageHeader
        title={t('leads.title')}
        description={t('leads.description')}
        actions={
          canManage && (
            <Button onClick={() => setDialog({ kind: 'new' })} disabled={scripts.length === 0}>
              {t('leads.add')}
            </Button>
          )
        }
      />
      <StatusMessage message={status} onClose={() => setStatus(null)} />
      <form onSubmit={filter.submit} noValidate role="search" aria-label={t('leads.searchLabel')}>
        <Group align="flex-end" justify="space-between">
          <Group align="flex-end" gap="xs">
            <TextInput label={t('leads.search')} description={t('leads.searchHint')} {...filter.form.register('query')} error={fe(e.query)} w={320} />
            <Button type="submit" variant="default">
              {t('common.search')}
            </Button>
          </Group>
          <NativeSelect
            label={t('accessLog.show')}
            {...filter.form.register('status', { onChange: () => void filter.submit() })}
            error={fe(e.status)}
            data={[
              { value: 'open', label: t('leads.filter.open') },
              { value: 'converted', label: t('leads.filter.converted') },
              { value: 'all', label: t('leads.filter.all') },
            ]}
            w={200}
          />
        </Group>
      </form>
      <FormError message={loadError} title={t('leads.loadFailedTitle')} />
      {!leads && !list.problem && <Loader aria-label={t('leads.loadingList')} />}
      {leads && leads.length === 0 && <Text c="dimmed">{t(applied.query ? 'leads.noMatch' : 'leads.empty')}</Text>}
      {leads && leads.length > 0 && (
        <DataTable
          label={t('nav.leads')}
          rows={leads}
          rowKey={(l) => l.id}
          minWidth={980}
          striped
          verticalSpacing="sm"
          columns={[
            {
              id: 'prospect',
              header: t('leads.col.prospect'),
              sortValue: (l) => l.name,
              cell: (l) => (
                <>
                  <Text fw={500}>{l.name}</Text>
                  {l.company && (
                    <Text size="sm" c="dimmed">
                      {l.company}
                    </Text>
                  )}
                  {l.notes && (
                    <Text size="xs" c="dimmed" maw={240} lineClamp={2}>
                      {l.notes}
                    </Text>
                  )}
                </>
              ),
            },
            {
              id: 'contact',
              header: t('leads.col.contact'),
              cell: (l) => (
                <>
                  <Text size="sm">{l.phone}</Text>
                  <Text size="sm">{l.email ?? '—'}</Text>
                </>
              ),
            },
            { id: 'evidence', header: t('leads.col.evidence'), cell: (l) => <PermissionEvidence lead={l} />, sortValue: (l) => l.permission.obtainedAt },
            { id: 'status', header: t('accounts.col.status'), nowrap: true, cell: (l) => badgeCell(l.status === 'open' ? 'blue' : 'teal', l.status === 'open' ? t('leads.open') : t('leads.convertedTo', { id: l.convertedAccountId ?? '' })), sortValue: (l) => l.status },
            ...(canManage
              ? [
                  {
                    id: 'actions',
                    header: t('products.actions'),
                    hiddenHeader: true,
                    cell: (l: Lead) =>
                      l.status === 'open' && (
                        <Group gap={6} justify="flex-end" wrap="nowrap">
                          <Button size="xs" variant="default" aria-label={t('events.editName', { name: l.name })} onClick={() => setDialog({ kind: 'edit', lead: l })}>
                            {t('common.edit')}
                          </Button>
                          <Button size="xs" variant="light" aria-label={t('leads.convertName', { name: l.name })} onClick={() => setDialog({ kind: 'convert', lead: l })}>
                            {t('leads.convert')}
                          </Button>
                          <Button size="xs" variant="light" color="red" aria-label={t('leads.removeName', { name: l.name })} onClick={() => setDialog({ kind: 'remove', lead: l })}>
                            {t('billing.removeButton')}
                          </Button>
                        </Group>
                      ),
                  },
                ]
              : []),
          ]}
        />
      )}
      {list.hasNextPage && (
        <Group>
          <Button variant="default" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
            {t('leads.more')}
          </Button>
        </Group>
      )}

      <Modal opened={dialog?.kind === 'new'} onClose={() => setDialog(null)} title={t('leads.add')} size="lg">
        {dialog?.kind === 'new' && <NewLeadForm scripts={scripts} onDone={(l) => done(t('leads.saved', { name: l.name }))} onCancel={() => setDialog(null)} />}
      </Modal>
      <Modal opened={dialog?.kind === 'edit'} onClose={() => setDialog(null)} title={t('leads.edit')}>
        {dialog?.kind === 'edit' && <EditLeadForm lead={dialog.lead} onDone={(l) => done(t('leads.updated', { name: l.name }))} onCancel={() => setDialog(null)} />}
      </Modal>
      <Modal opened={dialog?.kind === 'convert'} onClose={() => setDialog(null)} title={t('leads.convertTitle')} size="lg">
        {dialog?.kind === 'convert' && <ConvertLeadForm lead={dialog.lead} onDone={(message) => done(message)} onCancel={() => setDialog(null)} />}
      </Modal>
      <Modal opened={dialog?.kind === 'remove'} onClose={() => setDialog(null)} title={t('leads.remove')}>
        {dialog?.kind === 'remove' && <RemoveLeadForm lead={dialog.lead} onDone={() => done(t('leads.removed', { name: dialog.lead.name }))} onCancel={() => setDialog(null)} />}
      </Modal>
    </Stack>
  );
}

/** The express-permission evidence of one lead, in words. */
function PermissionEvidence({ lead }: { lead: Lead }) {
  const t = useT();
  const f = useFormat();
  const p = lead.permission;
  return (
    <Stack gap={2} aria-label={t('leads.evidenceFor', { name: lead.name })}>
      <Text size="sm">{t('leads.given', { when: f.dateTime(p.obtainedAt), how: t(`leads.method.${p.method}`) })}</Text>
      <Text size="sm">{t('leads.obtainedByName', { name: p.obtainedByName })}</Text>
      <Text size="sm">
        {t('leads.scriptN', { version: p.scriptVersion })}{' '}
        <Text span size="xs" c="dimmed" ff="monospace" title={t('leads.scriptHash', { hash: p.scriptSha256 })}>
          ({p.scriptSha256.slice(0, 12)}…)
        </Text>
      </Text>
      <Text size="sm" fs="italic">
        “{p.confirmation}”
      </Text>
      <Text size="xs" c="dimmed">
        {t('leads.recorded', { when: f.dateTime(p.recordedAt), name: p.recordedByName })}
      </Text>
    </Stack>
  );
}
