import { Button, Group, Loader, Modal, NativeSelect, Stack, Table, Text, TextInput, VisuallyHidden } from '@mantine/core';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { PERMISSION_METHOD_LABELS, type Lead, type LeadScript, type LeadStatus } from '../../../../shared/contract/leads';
import { BadgeCell } from '../../components/DataTable';
import { FormError } from '../../components/FormError';
import { PageHeader } from '../../components/PageHeader';
import { StatusMessage } from '../../components/StatusMessage';
import { call } from '../../lib/call';
import { formatDateTime } from '../../lib/format';
import { useSession } from '../../lib/session-store';
import { ConvertLeadForm, EditLeadForm, NewLeadForm, RemoveLeadForm } from './LeadForms';

type Filter = LeadStatus | 'all';
type Dialog = { kind: 'new' } | { kind: 'edit' | 'convert' | 'remove'; lead: Lead } | null;

/**
 * Telemarketing leads (policy 2b). A prospect is recorded only with express permission, and each
 * lead shows the evidence of that permission. Office staff manage leads; managers may read them.
 */
export function LeadsScreen() {
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
      setLoadError(r.error.message);
      return;
    }
    setLoadError(null);
    setLeads((prev) => (more && prev ? [...prev, ...r.value.leads] : r.value.leads));
    setNext(r.value.nextBeforeId);
  }, [filter, applied]);

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
        title="Telemarketing leads"
        description="A prospect is recorded only with their express permission: who obtained it, when, how, which script was read, and the prospect's own confirmation. Without all of it, nothing is stored."
        actions={
          canManage && (
            <Button onClick={() => setDialog({ kind: 'new' })} disabled={scripts.length === 0}>
              Add lead
            </Button>
          )
        }
      />
      <StatusMessage message={status} onClose={() => setStatus(null)} />
      <Group align="flex-end" justify="space-between">
        <form onSubmit={search} role="search" aria-label="Lead search">
          <Group align="flex-end" gap="xs">
            <TextInput label="Search leads" description="Name, company, email or phone." value={query} onChange={(e) => setQuery(e.currentTarget.value)} w={320} />
            <Button type="submit" variant="default">
              Search
            </Button>
          </Group>
        </form>
        <NativeSelect
          label="Show"
          value={filter}
          onChange={(e) => setFilter(e.currentTarget.value as Filter)}
          data={[
            { value: 'open', label: 'Open leads' },
            { value: 'converted', label: 'Converted leads' },
            { value: 'all', label: 'All leads' },
          ]}
          w={200}
        />
      </Group>
      <FormError message={loadError} title="Could not load leads" />
      {!leads && !loadError && <Loader aria-label="Loading leads" />}
      {leads && leads.length === 0 && <Text c="dimmed">{applied ? 'No leads match this search.' : 'No leads here yet.'}</Text>}
      {leads && leads.length > 0 && (
        <Table.ScrollContainer minWidth={980}>
          <Table striped verticalSpacing="sm" aria-label="Leads">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Prospect</Table.Th>
                <Table.Th>Contact</Table.Th>
                <Table.Th>Permission evidence</Table.Th>
                <Table.Th>Status</Table.Th>
                {canManage && (
                  <Table.Th>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                )}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {leads.map((l) => (
                <Table.Tr key={l.id}>
                  <Table.Td>
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
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{l.phone}</Text>
                    <Text size="sm">{l.email ?? '—'}</Text>
                  </Table.Td>
                  <Table.Td>
                    <PermissionEvidence lead={l} />
                  </Table.Td>
                  <BadgeCell color={l.status === 'open' ? 'blue' : 'teal'}>{l.status === 'open' ? 'Open' : `Converted (account ${l.convertedAccountId})`}</BadgeCell>
                  {canManage && (
                    <Table.Td>
                      {l.status === 'open' && (
                        <Group gap={6} justify="flex-end" wrap="nowrap">
                          <Button size="xs" variant="default" aria-label={`Edit ${l.name}`} onClick={() => setDialog({ kind: 'edit', lead: l })}>
                            Edit
                          </Button>
                          <Button size="xs" variant="light" aria-label={`Convert ${l.name} into a registration`} onClick={() => setDialog({ kind: 'convert', lead: l })}>
                            Convert
                          </Button>
                          <Button size="xs" variant="light" color="red" aria-label={`Remove ${l.name}`} onClick={() => setDialog({ kind: 'remove', lead: l })}>
                            Remove
                          </Button>
                        </Group>
                      )}
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {next !== null && (
        <Group>
          <Button variant="default" onClick={() => void load(next)}>
            Show more
          </Button>
        </Group>
      )}

      <Modal opened={dialog?.kind === 'new'} onClose={() => setDialog(null)} title="Add lead" size="lg">
        {dialog?.kind === 'new' && <NewLeadForm scripts={scripts} onDone={(l) => done(`Lead ${l.name} saved with its permission evidence.`)} onCancel={() => setDialog(null)} />}
      </Modal>
      <Modal opened={dialog?.kind === 'edit'} onClose={() => setDialog(null)} title="Edit lead">
        {dialog?.kind === 'edit' && <EditLeadForm lead={dialog.lead} onDone={(l) => done(`Lead ${l.name} updated.`)} onCancel={() => setDialog(null)} />}
      </Modal>
      <Modal opened={dialog?.kind === 'convert'} onClose={() => setDialog(null)} title="Convert lead into a registration" size="lg">
        {dialog?.kind === 'convert' && <ConvertLeadForm lead={dialog.lead} onDone={(message) => done(message)} onCancel={() => setDialog(null)} />}
      </Modal>
      <Modal opened={dialog?.kind === 'remove'} onClose={() => setDialog(null)} title="Remove lead">
        {dialog?.kind === 'remove' && <RemoveLeadForm lead={dialog.lead} onDone={() => done(`Lead ${dialog.lead.name} removed.`)} onCancel={() => setDialog(null)} />}
      </Modal>
    </Stack>
  );
}

/** The express-permission evidence of one lead, in words. */
function PermissionEvidence({ lead }: { lead: Lead }) {
  const p = lead.permission;
  return (
    <Stack gap={2} aria-label={`Permission evidence for ${lead.name}`}>
      <Text size="sm">
        Given {formatDateTime(p.obtainedAt)} · {PERMISSION_METHOD_LABELS[p.method]}
      </Text>
      <Text size="sm">Obtained by {p.obtainedByName}</Text>
      <Text size="sm">
        Script {p.scriptVersion}{' '}
        <Text span size="xs" c="dimmed" ff="monospace" title={`SHA-256 of the script text: ${p.scriptSha256}`}>
          ({p.scriptSha256.slice(0, 12)}…)
        </Text>
      </Text>
      <Text size="sm" fs="italic">
        “{p.confirmation}”
      </Text>
      <Text size="xs" c="dimmed">
        Recorded {formatDateTime(p.recordedAt)} by {p.recordedByName}
      </Text>
    </Stack>
  );
}
