import { Button, Group, Loader, Modal, NativeSelect, Stack, Text, TextInput } from '@mantine/core';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { type Lead, type LeadScript, type LeadStatus } from '../../../../shared/contract/leads';
import { badgeCell, DataTable } from '../../components/DataTable';
import { FormError } from '../../components/FormError';
import { PageHeader } from '../../components/PageHeader';
import { StatusMessage } from '../../components/StatusMessage';
import { call } from '../../lib/call';
import { useErrorText, useFormat, useT } from '../../i18n';
import { useSession } from '../../lib/session-store';
import { ConvertLeadForm, EditLeadForm, NewLeadForm, RemoveLeadForm } from './LeadForms';

type Filter = LeadStatus | 'all';
type Dialog = { kind: 'new' } | { kind: 'edit' | 'convert' | 'remove'; lead: Lead } | null;

/**
 * Telemarketing leads (policy 2b). A prospect is recorded only with express permission, and each
 * lead shows the evidence of that permission. Office staff manage leads; managers may read them.
 */
export function LeadsScreen() {
  const t = useT();
  const errorText = useErrorText();
  const canManage = useSession((s) => s.session?.permissions.includes('leads.manage') ?? false);
  const [filter, setFilter] = useState<Filter>('open');
  const [query, setQuery] = useState('');
  const [applied, setApplied] = useState('');
  const [leads, setLeads] = useState<Lead[] | null>(null);
  const [next, setNext] = useState<number | null>(null);
  const [scripts, setScripts] = useState<LeadScript[]>([]);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [status, setStatus] = useState<string | null>(null);

  const load = useCallback(async (more?: number) => {
    const r = await call(window.api.leads.list({ status: filter, query: applied, ...(more ? { beforeId: more } : {}) }));
    if (!r.ok) {
      setLoadError(errorText(r.error));
      return;
    }
    setLoadError(null);
    setLeads((prev) => (more && prev ? [...prev, ...r.value.leads] : r.value.leads));
    setNext(r.value.nextBeforeId);
  }, [filter, applied, errorText]);

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    void call(window.api.leads.scripts({})).then((r) => {
      if (r.ok) setScripts(r.value);
    });
  }, []);

  const done = (message: string) => {
    setDialog(null);
    setStatus(message);
    void load();
  };

  const search = (e: FormEvent) => {
    e.preventDefault();
    setApplied(query.trim());
  };

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
      <Group align="flex-end" justify="space-between">
        <form onSubmit={search} role="search" aria-label={t('leads.searchLabel')}>
          <Group align="flex-end" gap="xs">
            <TextInput label={t('leads.search')} description={t('leads.searchHint')} value={query} onChange={(e) => setQuery(e.currentTarget.value)} w={320} />
            <Button type="submit" variant="default">
              {t('common.search')}
            </Button>
          </Group>
        </form>
        <NativeSelect
          label={t('accessLog.show')}
          value={filter}
          onChange={(e) => setFilter(e.currentTarget.value as Filter)}
          data={[
            { value: 'open', label: t('leads.filter.open') },
            { value: 'converted', label: t('leads.filter.converted') },
            { value: 'all', label: t('leads.filter.all') },
          ]}
          w={200}
        />
      </Group>
      <FormError message={loadError} title={t('leads.loadFailedTitle')} />
      {!leads && !loadError && <Loader aria-label={t('leads.loadingList')} />}
      {leads && leads.length === 0 && <Text c="dimmed">{t(applied ? 'leads.noMatch' : 'leads.empty')}</Text>}
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
      {next !== null && (
        <Group>
          <Button variant="default" onClick={() => void load(next)}>
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
