import { Alert, Badge, Button, Group, Loader, Stack, Text } from '@mantine/core';
import type { CentralAuditDevice } from '../../../../shared/contract/audit';
import { DataTable } from '../../components/DataTable';
import { FormError } from '../../components/FormError';
import { PageHeader } from '../../components/PageHeader';
import { useChannelQuery } from '../../data';
import { useFormat, useT } from '../../i18n';

/**
 * Every enrolled device's audit log as the hub checked it: intact up to which row, the first row
 * that was altered, removed or moved, or nothing received yet. Device names and row numbers only;
 * the rows themselves stay on the devices and, sealed, on the hub.
 */
export function CentralAuditScreen() {
  const t = useT();
  const f = useFormat();
  const query = useChannelQuery('audit.central', {});
  const view = query.data ?? null;
  const tampered = view?.devices.filter((d) => d.finding !== null) ?? [];

  const state = (d: CentralAuditDevice) => {
    if (d.finding) return t(`centralAudit.problem.${d.finding.problem}`, { row: d.finding.seq });
    if (d.received === 0) return t('centralAudit.nothingYet');
    return t('centralAudit.verified', { row: d.verifiedThrough });
  };

  return (
    <Stack gap="md">
      <PageHeader
        title={t('nav.centralAudit')}
        description={t('centralAudit.description')}
        actions={
          <Button variant="default" onClick={() => void query.refetch()} loading={query.isFetching}>
            {t('centralAudit.refresh')}
          </Button>
        }
      />
      <FormError message={query.errorMessage} title={t('centralAudit.loadFailed')} />
      {!view && !query.errorMessage && <Loader aria-label={t('centralAudit.loading')} />}
      {view && tampered.length > 0 && (
        <Alert color="red" variant="light" role="alert" title={t('centralAudit.tampered', { count: tampered.length })}>
          {t('centralAudit.tamperedBody', { device: tampered[0]!.name, row: tampered[0]!.finding!.seq })}
        </Alert>
      )}
      {view && tampered.length === 0 && view.devices.length > 0 && (
        <Alert color="teal" variant="light" role="status" title={t('centralAudit.intact')}>
          {t('centralAudit.checkedAt', { time: f.dateTimeSeconds(view.checkedAt) })}
        </Alert>
      )}
      {view && (
        <DataTable
          label={t('centralAudit.devices')}
          rows={view.devices}
          rowKey={(d) => d.deviceId}
          minWidth={760}
          striped
          verticalSpacing="xs"
          columns={[
            {
              id: 'device',
              header: t('centralAudit.col.device'),
              cell: (d) => (
                <Group gap="xs" wrap="nowrap">
                  <Text size="sm">{d.name}</Text>
                  {d.thisDevice && <Badge variant="light">{t('centralAudit.thisDevice')}</Badge>}
                  {d.revokedAt && (
                    <Badge variant="light" color="gray">
                      {t('centralAudit.revoked')}
                    </Badge>
                  )}
                </Group>
              ),
            },
            { id: 'kind', header: t('centralAudit.col.kind'), nowrap: true, cell: (d) => t(`sync.profile.${d.profile}`) },
            {
              id: 'state',
              header: t('centralAudit.col.state'),
              cell: (d) => (
                <Text size="sm" c={d.finding ? 'red.8' : undefined} fw={d.finding ? 600 : undefined}>
                  {state(d)}
                </Text>
              ),
            },
            { id: 'rows', header: t('centralAudit.col.rows'), nowrap: true, cell: (d) => f.number(d.received) },
            { id: 'last', header: t('centralAudit.col.last'), nowrap: true, cell: (d) => (d.lastReceivedAt ? f.dateTimeSeconds(d.lastReceivedAt) : t('centralAudit.never')) },
          ]}
        />
      )}
      {view && view.devices.length === 0 && (
        <Text c="dimmed" ta="center" py="lg">
          {t('centralAudit.noDevices')}
        </Text>
      )}
    </Stack>
  );
}
