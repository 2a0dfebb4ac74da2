import { Alert, Button, Code, Group, Modal, NumberInput, Paper, Select, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import type { EnrollmentCode, SyncDevice, SyncStatus } from '../../../../shared/contract/sync';
import { FormError } from '../../components/FormError';
import { PageHeader } from '../../components/PageHeader';
import { StatusMessage } from '../../components/StatusMessage';
import { useErrorText, useFormat, useT, type Formats, type Translate } from '../../i18n';
import { call } from '../../lib/call';
import { useSession } from '../../lib/session-store';
import { CLOCK_WARN_MS, indicatorText, stateAdvice } from './indicator-text';

const when = (t: Translate, f: Formats, iso: string | null) => (iso ? f.dateTime(iso) : t('sync.never'));

/**
 * This device's link to the hub: its state in words, what waits to be sent, errors with a code to
 * copy, conflicts, and a clock warning. Admins enroll the device, create codes for new devices and
 * see and revoke the organisation's devices.
 */
export function SyncScreen() {
  const t = useT();
  const f = useFormat();
  const errorText = useErrorText();
  const session = useSession((s) => s.session);
  const isAdmin = session?.permissions.includes('sync.manage') ?? false;
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    const r = await call(window.api.sync.status({}));
    if (r.ok) setStatus(r.value);
    else setError(errorText(r.error));
  }, [errorText]);

  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), 5_000);
    return () => clearInterval(timer);
  }, [load]);

  const syncNow = async () => {
    setBusy(true);
    setError(null);
    setMessage(null);
    const r = await call(window.api.sync.now({}));
    setBusy(false);
    if (r.ok) {
      setStatus(r.value);
      setMessage(r.value.state === 'synced' ? t('sync.finished') : t('sync.notFinished'));
    } else setError(errorText(r.error));
  };

  if (!status) return <FormError message={error} />;
  const { text } = indicatorText(t, status, Date.now());
  const skewed = status.clockSkewMs !== null && Math.abs(status.clockSkewMs) > CLOCK_WARN_MS;

  return (
    <Stack gap="md">
      <PageHeader
        title={t('nav.sync')}
        description={t('sync.description')}
        actions={
          status.state !== 'not_enrolled' && (
            <Button onClick={() => void syncNow()} loading={busy}>
              {t('sync.now')}
            </Button>
          )
        }
      />
      <StatusMessage message={message} onClose={() => setMessage(null)} />
      <FormError message={error} />

      <Paper withBorder p="md">
        <Stack gap="xs">
          <Title order={3}>{text}</Title>
          <Text>{stateAdvice(t, status)}</Text>
          {skewed && (
            <Alert color="orange" title={t('sync.clock.title')}>
              {t(status.clockSkewMs! > 0 ? 'sync.clock.behind' : 'sync.clock.ahead', { minutes: Math.round(Math.abs(status.clockSkewMs!) / 60_000) })}
            </Alert>
          )}
          {!status.optOutsShared && (
            <Alert color="orange" title={t('sync.optOutsNotShared.title')}>
              {t('sync.optOutsNotShared.body')}
            </Alert>
          )}
          {status.lastError && (
            <Alert color="red" title={t('sync.lastError')}>
              <Stack gap={4}>
                <Text>{status.lastError.message}</Text>
                <Text size="sm">
                  {t('sync.supportCode')} <Code>{status.lastError.code}</Code> · {f.dateTime(status.lastError.at)}
                </Text>
              </Stack>
            </Alert>
          )}
          <Table variant="vertical" aria-label={t('sync.details')}>
            <Table.Tbody>
              <Row label={t('sync.hub')} value={status.hubUrl ?? t('sync.notSetUp')} />
              <Row label={t('sync.thisDevice')} value={status.deviceName ? t('sync.deviceWithProfile', { name: status.deviceName, profile: status.profile ?? 'office' }) : '—'} />
              <Row label={t('sync.pending')} value={f.number(status.pending)} />
              <Row label={t('sync.oldestPending')} value={when(t, f, status.oldestPendingAt)} />
              <Row label={t('sync.lastSent')} value={when(t, f, status.lastPushAt)} />
              <Row label={t('sync.lastReceived')} value={when(t, f, status.lastPullAt)} />
              <Row label={t('sync.conflicts')} value={f.number(status.conflicts)} />
              <Row label={t('sync.refused')} value={f.number(status.refused)} />
              {status.parked > 0 && <Row label={t('sync.parked')} value={f.number(status.parked)} />}
            </Table.Tbody>
          </Table>
        </Stack>
      </Paper>

      {status.flagged.length > 0 && (
        <Paper withBorder p="md">
          <Title order={3} mb="xs">
            {t('sync.flagged.title')}
          </Title>
          <Text size="sm" mb="xs">
            {t('sync.flagged.body')}
          </Text>
          <Table aria-label={t('sync.flagged.title')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('sync.flagged.record')}</Table.Th>
                <Table.Th>{t('sync.flagged.kind')}</Table.Th>
                <Table.Th>{t('sync.flagged.problem')}</Table.Th>
                <Table.Th>{t('sync.flagged.made')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {status.flagged.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td>
                    <Code>{r.id}</Code>
                  </Table.Td>
                  <Table.Td>{r.kind}</Table.Td>
                  <Table.Td>
                    {t(r.status === 'conflict' ? 'sync.flagged.conflict' : 'sync.flagged.refused')}
                    {r.message ? `: ${r.message}` : ''}
                  </Table.Td>
                  <Table.Td>{f.dateTime(r.createdAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}

      {isAdmin && <EnrollForm status={status} onDone={(s) => setStatus(s)} />}
      {isAdmin && status.profile === 'booth' && <RetentionForm status={status} onDone={(s) => setStatus(s)} />}
      {isAdmin && status.profile === 'office' && status.state !== 'revoked' && <DeviceAdmin />}
    </Stack>
  );
}

function Row({ label, value }: { label: string; value: string }) {
  return (
    <Table.Tr>
      <Table.Th w={260}>{label}</Table.Th>
      <Table.Td>{value}</Table.Td>
    </Table.Tr>
  );
}

function EnrollForm({ status, onDone }: { status: SyncStatus; onDone: (s: SyncStatus) => void }) {
  const t = useT();
  const errorText = useErrorText();
  const [hubUrl, setHubUrl] = useState(status.hubUrl ?? '');
  const [code, setCode] = useState('');
  const [deviceName, setDeviceName] = useState(status.deviceName ?? '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const enrolled = status.state !== 'not_enrolled' && status.state !== 'revoked';

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const r = await call(window.api.sync.enroll({ hubUrl, code, deviceName }));
    setBusy(false);
    if (r.ok) {
      setCode('');
      onDone(r.value);
    } else setError(errorText(r.error));
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="enroll-title">
      <Title order={3} id="enroll-title" mb="xs">
        {t(enrolled ? 'sync.enroll.again' : 'sync.enroll.title')}
      </Title>
      <Text size="sm" mb="sm">
        {t('sync.enroll.body')}
      </Text>
      <form onSubmit={(e) => void submit(e)}>
        <Stack gap="sm" maw={480}>
          <TextInput label={t('sync.enroll.hub')} placeholder={t('sync.enroll.hubExample')} value={hubUrl} onChange={(e) => setHubUrl(e.currentTarget.value)} required />
          <TextInput label={t('sync.enroll.code')} value={code} onChange={(e) => setCode(e.currentTarget.value)} required autoComplete="off" />
          <TextInput label={t('sync.enroll.deviceName')} value={deviceName} onChange={(e) => setDeviceName(e.currentTarget.value)} required />
          <FormError message={error} />
          <Group>
            <Button type="submit" loading={busy}>
              {t('sync.enroll.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

function RetentionForm({ status, onDone }: { status: SyncStatus; onDone: (s: SyncStatus) => void }) {
  const t = useT();
  const errorText = useErrorText();
  const [days, setDays] = useState<number | string>(status.retentionDays);
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    const r = await call(window.api.sync.settings({ retentionDays: Number(days) }));
    if (r.ok) {
      setError(null);
      onDone(r.value);
    } else setError(errorText(r.error));
  };
  return (
    <Paper withBorder p="md">
      <Title order={3} mb="xs">
        {t('sync.retention.title')}
      </Title>
      <Text size="sm" mb="sm">
        {t('sync.retention.body')}
      </Text>
      <Group align="flex-end">
        <NumberInput label={t('sync.retention.days')} value={days} onChange={setDays} min={1} max={365} w={220} />
        <Button variant="default" onClick={() => void save()}>
          {t('common.save')}
        </Button>
      </Group>
      <FormError message={error} />
    </Paper>
  );
}

function DeviceAdmin() {
  const t = useT();
  const f = useFormat();
  const errorText = useErrorText();
  const [devices, setDevices] = useState<SyncDevice[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [profile, setProfile] = useState<'booth' | 'office'>('booth');
  const [name, setName] = useState('');
  const [code, setCode] = useState<EnrollmentCode | null>(null);

  const load = useCallback(async () => {
    const r = await call(window.api.sync.devices({}));
    if (r.ok) {
      setDevices(r.value);
      setError(null);
    } else setError(errorText(r.error));
  }, [errorText]);
  useEffect(() => {
    void load();
  }, [load]);

  const create = async (e: React.FormEvent) => {
    e.preventDefault();
    const r = await call(window.api.sync.createEnrollmentCode({ profile, name }));
    if (r.ok) {
      setCode(r.value);
      setName('');
      setError(null);
      void load();
    } else setError(errorText(r.error));
  };

  const [confirming, setConfirming] = useState<SyncDevice | null>(null);
  const revoke = async (d: SyncDevice) => {
    setConfirming(null);
    const r = await call(window.api.sync.revoke({ deviceId: d.id }));
    if (r.ok) void load();
    else setError(errorText(r.error));
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="devices-title">
      <Title order={3} id="devices-title" mb="xs">
        {t('sync.devices.title')}
      </Title>
      <form onSubmit={(e) => void create(e)}>
        <Group align="flex-end" mb="sm">
          <Select
            label={t('sync.devices.newKind')}
            data={[
              { value: 'booth', label: t('sync.profile.booth') },
              { value: 'office', label: t('sync.profile.office') },
            ]}
            value={profile}
            onChange={(v) => setProfile(v === 'office' ? 'office' : 'booth')}
            allowDeselect={false}
            w={200}
          />
          <TextInput label={t('sync.devices.newName')} value={name} onChange={(e) => setName(e.currentTarget.value)} required w={240} />
          <Button type="submit">{t('sync.devices.createCode')}</Button>
        </Group>
      </form>
      {code && (
        <Alert color="blue" title={t('sync.devices.newCode')} mb="sm">
          {t('sync.devices.codeFor', { name: code.name })} <Code aria-label={t('sync.enroll.code')}>{code.code}</Code>
          {' '}
          {t('sync.devices.codeValid', { until: f.dateTime(code.expiresAt) })}
        </Alert>
      )}
      <FormError message={error} title={t('sync.devices.title')} />
      <Modal opened={confirming !== null} onClose={() => setConfirming(null)} title={t('sync.devices.revokeTitle', { name: confirming?.name ?? '' })}>
        <Text mb="md">{t('sync.devices.revokeBody')}</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={() => setConfirming(null)}>
            {t('common.cancel')}
          </Button>
          <Button color="red" onClick={() => confirming && void revoke(confirming)}>
            {t('sync.devices.revokeDevice')}
          </Button>
        </Group>
      </Modal>
      {devices && (
        <Table aria-label={t('sync.devices.title')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('sync.devices.col.name')}</Table.Th>
              <Table.Th>{t('sync.flagged.kind')}</Table.Th>
              <Table.Th>{t('sync.devices.col.lastSeen')}</Table.Th>
              <Table.Th>{t('sync.devices.col.appVersion')}</Table.Th>
              <Table.Th>{t('sync.devices.col.waiting')}</Table.Th>
              <Table.Th>{t('sync.devices.col.state')}</Table.Th>
              <Table.Th>
                <VisuallyHidden>{t('sync.devices.col.actions')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {devices.map((d) => (
              <Table.Tr key={d.id}>
                <Table.Td>
                  {d.thisDevice ? t('sync.devices.thisDevice', { name: d.name }) : d.name}
                </Table.Td>
                <Table.Td>{t(d.profile === 'booth' ? 'sync.profile.booth' : 'sync.profile.office')}</Table.Td>
                <Table.Td>{when(t, f, d.lastSeenAt)}</Table.Td>
                <Table.Td>{d.appVersion ?? '—'}</Table.Td>
                <Table.Td>{d.pendingCount === null ? '—' : f.number(d.pendingCount)}</Table.Td>
                <Table.Td>{d.revokedAt ? t('sync.devices.revokedAt', { when: f.dateTime(d.revokedAt) }) : t('sync.devices.active')}</Table.Td>
                <Table.Td>
                  {!d.revokedAt && !d.thisDevice && (
                    <Button size="xs" color="red" variant="light" onClick={() => setConfirming(d)} aria-label={t('sync.devices.revokeN', { name: d.name })}>
                      {t('sync.devices.revoke')}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Paper>
  );
}
