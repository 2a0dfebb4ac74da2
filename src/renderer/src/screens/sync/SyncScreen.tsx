import { Alert, Button, Code, Group, Modal, NumberInput, Paper, Select, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import type { z } from 'zod';
import { syncCodeInput, syncEnrollInput, syncSettingsInput, type SyncDevice, type SyncStatus } from '../../../../shared/contract/sync';
import { FormError } from '../../components/FormError';
import { PageHeader } from '../../components/PageHeader';
import { StatusMessage } from '../../components/StatusMessage';
import { useErrorText, useFieldText, useFormat, useT, type Formats, type Translate } from '../../i18n';
import { useChannelMutation, useChannelQuery } from '../../data';
import { applyServerErrors, keyedResolver, useSubmitOnce } from '../../lib/form';
import { useSession } from '../../lib/session-store';
import { flaggedKindText, flaggedProblemText } from './flagged-text';
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
  // The same question as the indicator in the header, which asks it again every few seconds. One
  // poller per query: a second refetchInterval on the same key kept the answer from moving on.
  const query = useChannelQuery('sync.status', {});
  const status = query.data ?? null;
  const now = useChannelMutation('sync.now');
  const [message, setMessage] = useState<string | null>(null);
  const error = query.errorMessage ?? (now.problem ? errorText(now.problem) : null);

  const syncNow = async () => {
    setMessage(null);
    const r = await now.run({});
    if (r.ok) setMessage(r.value.state === 'synced' ? t('sync.finished') : t('sync.notFinished'));
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
            <Button onClick={() => void syncNow()} loading={now.isPending}>
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
                <Text>{errorText({ code: 'conflict', key: status.lastError.key, params: status.lastError.params, message: status.lastError.message })}</Text>
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
              {(status.profile === 'office' || status.pendingRecords > 0) && <Row label={t('sync.pendingRecords')} value={f.number(status.pendingRecords)} />}
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
                  <Table.Td>{flaggedKindText(t, r)}</Table.Td>
                  <Table.Td>
                    <Text size="sm" fw={600}>
                      {t(r.status === 'conflict' ? 'sync.flagged.conflict' : 'sync.flagged.refused')}
                    </Text>
                    <Text size="sm">{flaggedProblemText(t, r)}</Text>
                    {r.message && (
                      <Text size="xs" c="dimmed" mt={4}>
                        {t('sync.flagged.hubSaid')} <Code lang="en">{r.message}</Code>
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{f.dateTime(r.createdAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}

      {isAdmin && <EnrollForm status={status} />}
      {isAdmin && status.profile === 'booth' && <RetentionForm status={status} />}
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

function EnrollForm({ status }: { status: SyncStatus }) {
  const t = useT();
  const fe = useFieldText();
  const errorText = useErrorText();
  const [formError, setFormError] = useState<string | null>(null);
  const enroll = useChannelMutation('sync.enroll');
  const { register, handleSubmit, setError, resetField, formState } = useForm<z.input<typeof syncEnrollInput>, unknown, z.output<typeof syncEnrollInput>>({
    resolver: keyedResolver(syncEnrollInput),
    defaultValues: { hubUrl: status.hubUrl ?? '', code: '', deviceName: status.deviceName ?? '' },
  });
  const enrolled = status.state !== 'not_enrolled' && status.state !== 'revoked';
  const e = formState.errors;

  const submit = useSubmitOnce(
    handleSubmit(async (input) => {
      setFormError(null);
      const r = await enroll.run(input);
      if (r.ok) resetField('code', { defaultValue: '' });
      else setFormError(applyServerErrors(r.error, setError, errorText, fe));
    }),
  );

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="enroll-title">
      <Title order={3} id="enroll-title" mb="xs">
        {t(enrolled ? 'sync.enroll.again' : 'sync.enroll.title')}
      </Title>
      <Text size="sm" mb="sm">
        {t('sync.enroll.body')}
      </Text>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm" maw={480}>
          <TextInput label={t('sync.enroll.hub')} placeholder={t('sync.enroll.hubExample')} {...register('hubUrl')} error={fe(e.hubUrl)} withAsterisk />
          <TextInput label={t('sync.enroll.code')} {...register('code')} error={fe(e.code)} withAsterisk autoComplete="off" />
          <TextInput label={t('sync.enroll.deviceName')} {...register('deviceName')} error={fe(e.deviceName)} withAsterisk />
          <FormError message={formError} />
          <Group>
            <Button type="submit" loading={enroll.isPending}>
              {t('sync.enroll.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

function RetentionForm({ status }: { status: SyncStatus }) {
  const t = useT();
  const fe = useFieldText();
  const errorText = useErrorText();
  const [formError, setFormError] = useState<string | null>(null);
  const save = useChannelMutation('sync.settings');
  const { control, handleSubmit, setError } = useForm<z.input<typeof syncSettingsInput>, unknown, z.output<typeof syncSettingsInput>>({
    resolver: keyedResolver(syncSettingsInput),
    defaultValues: { retentionDays: status.retentionDays },
  });
  const submit = useSubmitOnce(
    handleSubmit(async (input) => {
      setFormError(null);
      const r = await save.run(input);
      if (!r.ok) setFormError(applyServerErrors(r.error, setError, errorText, fe));
    }),
  );
  return (
    <Paper withBorder p="md">
      <Title order={3} mb="xs">
        {t('sync.retention.title')}
      </Title>
      <Text size="sm" mb="sm">
        {t('sync.retention.body')}
      </Text>
      <form onSubmit={submit} noValidate>
        <Group align="flex-start">
          <Controller
            control={control}
            name="retentionDays"
            render={({ field, fieldState }) => (
              <NumberInput
                label={t('sync.retention.days')}
                ref={field.ref}
                value={field.value}
                onBlur={field.onBlur}
                onChange={(v) => field.onChange(typeof v === 'number' ? v : Number.NaN)}
                error={fe(fieldState.error)}
                min={1}
                max={365}
                w={220}
              />
            )}
          />
          <Button type="submit" variant="default" mt={25} loading={save.isPending}>
            {t('common.save')}
          </Button>
        </Group>
      </form>
      <FormError message={formError} />
    </Paper>
  );
}

function DeviceAdmin() {
  const t = useT();
  const f = useFormat();
  const fe = useFieldText();
  const errorText = useErrorText();
  const list = useChannelQuery('sync.devices', {});
  const devices = list.data ?? null;
  const creating = useChannelMutation('sync.createEnrollmentCode');
  const revoking = useChannelMutation('sync.revoke');
  const code = creating.data ?? null;
  const problem = creating.problem && !creating.problem.fields?.length ? creating.problem : revoking.problem;
  const error = list.errorMessage ?? (problem ? errorText(problem) : null);
  const { register, control, handleSubmit, setError, resetField, formState } = useForm<z.input<typeof syncCodeInput>, unknown, z.output<typeof syncCodeInput>>({
    resolver: keyedResolver(syncCodeInput),
    defaultValues: { profile: 'booth', name: '' },
  });

  const create = useSubmitOnce(
    handleSubmit(async (input) => {
      const r = await creating.run(input);
      if (r.ok) resetField('name', { defaultValue: '' });
      else applyServerErrors(r.error, setError, errorText, fe);
    }),
  );

  const [confirming, setConfirming] = useState<SyncDevice | null>(null);
  const revoke = async (d: SyncDevice) => {
    setConfirming(null);
    await revoking.run({ deviceId: d.id });
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="devices-title">
      <Title order={3} id="devices-title" mb="xs">
        {t('sync.devices.title')}
      </Title>
      <form onSubmit={create} noValidate>
        <Group align="flex-start" mb="sm">
          <Controller
            control={control}
            name="profile"
            render={({ field }) => (
              <Select
                label={t('sync.devices.newKind')}
                data={[
                  { value: 'booth', label: t('sync.profile.booth') },
                  { value: 'office', label: t('sync.profile.office') },
                ]}
                ref={field.ref}
                value={field.value}
                onChange={(v) => field.onChange(v === 'office' ? 'office' : 'booth')}
                allowDeselect={false}
                w={200}
              />
            )}
          />
          <TextInput label={t('sync.devices.newName')} {...register('name')} error={fe(formState.errors.name)} withAsterisk w={240} />
          <Button type="submit" mt={25} loading={creating.isPending}>
            {t('sync.devices.createCode')}
          </Button>
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
          <Button color="red" loading={revoking.isPending} onClick={() => confirming && void revoke(confirming)}>
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
