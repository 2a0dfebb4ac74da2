import { Alert, Button, Code, Group, Modal, NumberInput, Paper, Select, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import type { EnrollmentCode, SyncDevice, SyncStatus } from '../../../../shared/contract/sync';
import { FormError } from '../../components/FormError';
import { PageHeader } from '../../components/PageHeader';
import { StatusMessage } from '../../components/StatusMessage';
import { call } from '../../lib/call';
import { formatDateTime } from '../../lib/format';
import { useSession } from '../../lib/session-store';
import { CLOCK_WARN_MS, indicatorText, stateAdvice } from './indicator-text';

const when = (iso: string | null) => (iso ? formatDateTime(iso) : 'Never');

/**
 * This device's link to the hub: its state in words, what waits to be sent, errors with a code to
 * copy, conflicts, and a clock warning. Admins enroll the device, create codes for new devices and
 * see and revoke the organisation's devices.
 */
export function SyncScreen() {
  const session = useSession((s) => s.session);
  const isAdmin = session?.permissions.includes('sync.manage') ?? false;
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    const r = await call(window.api.sync.status({}));
    if (r.ok) setStatus(r.value);
    else setError(r.error.message);
  }, []);

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
      setMessage(r.value.state === 'synced' ? 'Sync finished.' : 'Sync did not finish; see the state below.');
    } else setError(r.error.message);
  };

  if (!status) return <FormError message={error} />;
  const { text } = indicatorText(status, Date.now());
  const skewed = status.clockSkewMs !== null && Math.abs(status.clockSkewMs) > CLOCK_WARN_MS;

  return (
    <Stack gap="md">
      <PageHeader
        title="Sync"
        description="Records made on this device are kept here and sent to the hub; events, opt-outs and (on office devices) every booth's entries come back from it."
        actions={
          status.state !== 'not_enrolled' && (
            <Button onClick={() => void syncNow()} loading={busy}>
              Sync now
            </Button>
          )
        }
      />
      <StatusMessage message={message} onClose={() => setMessage(null)} />
      <FormError message={error} />

      <Paper withBorder p="md">
        <Stack gap="xs">
          <Title order={3}>{text}</Title>
          <Text>{stateAdvice(status)}</Text>
          {skewed && (
            <Alert color="orange" title="Clock is wrong">
              This device’s clock is {Math.round(Math.abs(status.clockSkewMs!) / 60_000)} minutes {status.clockSkewMs! > 0 ? 'behind' : 'ahead of'} the hub. Set the date and
              time in the operating system, or records get wrong times.
            </Alert>
          )}
          {!status.optOutsShared && (
            <Alert color="orange" title="Opt-outs are not shared with this device">
              This device recorded opt-outs before it joined the hub, under its own key, and the organisation uses another key. It keeps its own so that none of its
              opt-outs stops working, but it does not send or receive opt-outs. Ask support to move its opt-outs over.
            </Alert>
          )}
          {status.lastError && (
            <Alert color="red" title="Last error">
              <Stack gap={4}>
                <Text>{status.lastError.message}</Text>
                <Text size="sm">
                  Code for support: <Code>{status.lastError.code}</Code> at {formatDateTime(status.lastError.at)}
                </Text>
              </Stack>
            </Alert>
          )}
          <Table variant="vertical" aria-label="Sync details">
            <Table.Tbody>
              <Row label="Hub" value={status.hubUrl ?? 'Not set up'} />
              <Row label="This device" value={status.deviceName ? `${status.deviceName} (${status.profile === 'booth' ? 'booth' : 'office'})` : '—'} />
              <Row label="Waiting to be sent" value={String(status.pending)} />
              <Row label="Oldest waiting record" value={when(status.oldestPendingAt)} />
              <Row label="Last sent" value={when(status.lastPushAt)} />
              <Row label="Last received" value={when(status.lastPullAt)} />
              <Row label="Conflicts" value={String(status.conflicts)} />
              <Row label="Refused by the hub" value={String(status.refused)} />
              {status.parked > 0 && <Row label="Entries waiting for their event" value={String(status.parked)} />}
            </Table.Tbody>
          </Table>
        </Stack>
      </Paper>

      {status.flagged.length > 0 && (
        <Paper withBorder p="md">
          <Title order={3} mb="xs">
            Conflicts and refused records
          </Title>
          <Text size="sm" mb="xs">
            A conflict means the hub already holds a record with this id but different content; both are kept. A refused record stays on this device and is not sent again
            as it is.
          </Text>
          <Table aria-label="Conflicts and refused records">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Record</Table.Th>
                <Table.Th>Kind</Table.Th>
                <Table.Th>Problem</Table.Th>
                <Table.Th>Made</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {status.flagged.map((f) => (
                <Table.Tr key={f.id}>
                  <Table.Td>
                    <Code>{f.id}</Code>
                  </Table.Td>
                  <Table.Td>{f.kind}</Table.Td>
                  <Table.Td>{f.status === 'conflict' ? 'Conflict' : 'Refused'}{f.message ? `: ${f.message}` : ''}</Table.Td>
                  <Table.Td>{formatDateTime(f.createdAt)}</Table.Td>
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
    } else setError(r.error.message);
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="enroll-title">
      <Title order={3} id="enroll-title" mb="xs">
        {enrolled ? 'Enroll again' : 'Enroll this device'}
      </Title>
      <Text size="sm" mb="sm">
        Ask for a one-time code on an enrolled office device (or from the hub’s command line). The code says whether this device is a booth or an office device.
      </Text>
      <form onSubmit={(e) => void submit(e)}>
        <Stack gap="sm" maw={480}>
          <TextInput label="Hub address" placeholder="https://hub.example.fi" value={hubUrl} onChange={(e) => setHubUrl(e.currentTarget.value)} required />
          <TextInput label="Enrollment code" value={code} onChange={(e) => setCode(e.currentTarget.value)} required autoComplete="off" />
          <TextInput label="Device name" value={deviceName} onChange={(e) => setDeviceName(e.currentTarget.value)} required />
          <FormError message={error} />
          <Group>
            <Button type="submit" loading={busy}>
              Enroll
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

function RetentionForm({ status, onDone }: { status: SyncStatus; onDone: (s: SyncStatus) => void }) {
  const [days, setDays] = useState<number | string>(status.retentionDays);
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    const r = await call(window.api.sync.settings({ retentionDays: Number(days) }));
    if (r.ok) {
      setError(null);
      onDone(r.value);
    } else setError(r.error.message);
  };
  return (
    <Paper withBorder p="md">
      <Title order={3} mb="xs">
        Entries kept on this booth
      </Title>
      <Text size="sm" mb="sm">
        Entries the hub has confirmed are removed from this booth after this many days, so a lost laptop holds only what it could not send.
      </Text>
      <Group align="flex-end">
        <NumberInput label="Days to keep sent entries" value={days} onChange={setDays} min={1} max={365} w={220} />
        <Button variant="default" onClick={() => void save()}>
          Save
        </Button>
      </Group>
      <FormError message={error} />
    </Paper>
  );
}

function DeviceAdmin() {
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
    } else setError(r.error.message);
  }, []);
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
    } else setError(r.error.message);
  };

  const [confirming, setConfirming] = useState<SyncDevice | null>(null);
  const revoke = async (d: SyncDevice) => {
    setConfirming(null);
    const r = await call(window.api.sync.revoke({ deviceId: d.id }));
    if (r.ok) void load();
    else setError(r.error.message);
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="devices-title">
      <Title order={3} id="devices-title" mb="xs">
        Devices
      </Title>
      <form onSubmit={(e) => void create(e)}>
        <Group align="flex-end" mb="sm">
          <Select
            label="New device is a"
            data={[
              { value: 'booth', label: 'Booth' },
              { value: 'office', label: 'Office device' },
            ]}
            value={profile}
            onChange={(v) => setProfile(v === 'office' ? 'office' : 'booth')}
            allowDeselect={false}
            w={200}
          />
          <TextInput label="New device name" value={name} onChange={(e) => setName(e.currentTarget.value)} required w={240} />
          <Button type="submit">Create enrollment code</Button>
        </Group>
      </form>
      {code && (
        <Alert color="blue" title="New code" mb="sm">
          Code for “{code.name}”: <Code aria-label="Enrollment code">{code.code}</Code>. It works once, until {formatDateTime(code.expiresAt)}.
        </Alert>
      )}
      <FormError message={error} title="Devices" />
      <Modal opened={confirming !== null} onClose={() => setConfirming(null)} title={`Revoke ${confirming?.name ?? ''}?`}>
        <Text mb="md">It stops syncing at once and keeps everything it has not sent. It can be enrolled again with a new code.</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={() => setConfirming(null)}>
            Cancel
          </Button>
          <Button color="red" onClick={() => confirming && void revoke(confirming)}>
            Revoke device
          </Button>
        </Group>
      </Modal>
      {devices && (
        <Table aria-label="Devices">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Kind</Table.Th>
              <Table.Th>Last seen</Table.Th>
              <Table.Th>App version</Table.Th>
              <Table.Th>Waiting to send</Table.Th>
              <Table.Th>State</Table.Th>
              <Table.Th>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {devices.map((d) => (
              <Table.Tr key={d.id}>
                <Table.Td>
                  {d.name}
                  {d.thisDevice ? ' (this device)' : ''}
                </Table.Td>
                <Table.Td>{d.profile === 'booth' ? 'Booth' : 'Office'}</Table.Td>
                <Table.Td>{when(d.lastSeenAt)}</Table.Td>
                <Table.Td>{d.appVersion ?? '—'}</Table.Td>
                <Table.Td>{d.pendingCount ?? '—'}</Table.Td>
                <Table.Td>{d.revokedAt ? `Revoked ${formatDateTime(d.revokedAt)}` : 'Active'}</Table.Td>
                <Table.Td>
                  {!d.revokedAt && !d.thisDevice && (
                    <Button size="xs" color="red" variant="light" onClick={() => setConfirming(d)} aria-label={`Revoke ${d.name}`}>
                      Revoke
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
