import { Badge, Button, Group, Loader, Modal, NativeSelect, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { badgeCell, DataTable } from '../../components/DataTable';
import { useState, type FormEvent } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { contract } from '../../../../shared/contract';
import { createStaffInput, type StaffMember } from '../../../../shared/contract/staff';
import { rule } from '../../../../shared/errors';
import { newPassword, PASSWORD_MIN } from '../../../../shared/fields';
import { ROLES, type Role } from '../../../../shared/roles';
import { FormError } from '../../components/FormError';
import { PageHeader } from '../../components/PageHeader';
import { StatusMessage } from '../../components/StatusMessage';
import { useChannelMutation, useChannelQuery } from '../../data';
import { applyServerErrors, keyedResolver, mappedResolver, useSubmitOnce } from '../../lib/form';
import { useErrorText, useFieldText, useFormat, useT } from '../../i18n';
import { useSession } from '../../lib/session-store';


/** The contract's schema plus a confirmation field that never leaves the form. */
const createForm = createStaffInput
  .extend({ confirmPassword: z.string() })
  .refine((v) => v.password === v.confirmPassword, rule('passwords_differ', { path: ['confirmPassword'] }));
type CreateValues = z.input<typeof createForm>;

const resetForm = z
  .object({ password: newPassword, confirmPassword: z.string() })
  .strict()
  .refine((v) => v.password === v.confirmPassword, rule('passwords_differ', { path: ['confirmPassword'] }));
type ResetValues = z.input<typeof resetForm>;

type Dialog = { kind: 'create' } | { kind: 'role' | 'password' | 'disable'; member: StaffMember } | null;

/** Admin screen: staff accounts and their roles. Admins see no customer data here or anywhere. */
function useRoleOptions() {
  const t = useT();
  return ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }));
}

export function StaffScreen() {
  const t = useT();
  const f = useFormat();
  const errorText = useErrorText();
  const me = useSession((s) => s.session);
  const list = useChannelQuery('staff.list', {});
  const staff = list.data ?? null;
  const loadError = list.errorMessage;
  const enabling = useChannelMutation('staff.setDisabled');
  const [dialog, setDialog] = useState<Dialog>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [rowError, setRowError] = useState<string | null>(null);

  // Every change below is a staff mutation, after which the data layer reads the list again.
  const done = (message: string) => {
    setDialog(null);
    setStatus(message);
    setRowError(null);
  };

  const enable = async (member: StaffMember) => {
    setStatus(null);
    const r = await enabling.run({ id: member.id, disabled: false });
    if (r.ok) done(t('staff.enabled', { name: member.displayName }));
    else setRowError(errorText(r.error));
  };

  return (
    <Stack gap="md">
      <PageHeader
        title={t('nav.staff')}
        description={t('staff.description')}
        actions={
          <Button onClick={() => setDialog({ kind: 'create' })} disabled={!staff}>
            {t('staff.add')}
          </Button>
        }
      />
      <StatusMessage message={status} onClose={() => setStatus(null)} />
      <FormError message={rowError} />
      <FormError message={loadError} title={t('staff.loadFailed')} />
      {!staff && !loadError && <Loader aria-label={t('staff.loading')} />}
      {staff && (
        <DataTable
          label={t('staff.table')}
          rows={staff}
          rowKey={(m) => m.id}
          minWidth={760}
          striped
          highlightOnHover
          verticalSpacing="sm"
          columns={[
            {
              id: 'username',
              header: t('auth.username'),
              sortValue: (m) => m.username,
              cell: (m) => (
                <Text ff="monospace" size="sm">
                  {m.username}
                </Text>
              ),
            },
            {
              id: 'name',
              header: t('auth.displayName'),
              sortValue: (m) => m.displayName,
              cell: (m) => (
                <>
                  {m.displayName}
                  {m.id === me?.staffId && (
                    <Badge ml="xs" size="xs" variant="outline" color="gray">
                      {t('staff.you')}
                    </Badge>
                  )}
                </>
              ),
            },
            { id: 'role', header: t('staff.role'), cell: (m) => t(`role.${m.role}`), sortValue: (m) => t(`role.${m.role}`) },
            { id: 'status', header: t('accounts.col.status'), nowrap: true, cell: (m) => badgeCell(m.disabled ? 'gray' : 'teal', t(m.disabled ? 'staff.disabled' : 'products.active')), sortValue: (m) => (m.disabled ? 1 : 0) },
            { id: 'created', header: t('staff.created'), nowrap: true, cell: (m) => f.date(m.createdAt), sortValue: (m) => m.createdAt },
            {
              id: 'actions',
              header: t('products.actions'),
              hiddenHeader: true,
              cell: (m) => (
                <Group gap={6} justify="flex-end" wrap="nowrap">
                  <Button size="xs" variant="default" aria-label={t('staff.changeRoleOf', { name: m.displayName })} onClick={() => setDialog({ kind: 'role', member: m })}>
                    {t('staff.changeRole')}
                  </Button>
                  <Button size="xs" variant="default" aria-label={t('staff.resetPasswordOf', { name: m.displayName })} onClick={() => setDialog({ kind: 'password', member: m })}>
                    {t('staff.resetPassword')}
                  </Button>
                  {m.disabled ? (
                    <Button size="xs" variant="default" aria-label={t('staff.enableName', { name: m.displayName })} onClick={() => void enable(m)}>
                      {t('staff.enable')}
                    </Button>
                  ) : (
                    <Button size="xs" variant="light" color="red" aria-label={t('staff.disableName', { name: m.displayName })} onClick={() => setDialog({ kind: 'disable', member: m })}>
                      {t('staff.disable')}
                    </Button>
                  )}
                </Group>
              ),
            },
          ]}
        />
      )}

      <Modal opened={dialog?.kind === 'create'} onClose={() => setDialog(null)} title={t('staff.add')}>
        {dialog?.kind === 'create' && <CreateStaffForm onDone={(m) => done(t('staff.createdDone', { name: m.displayName, role: t(`role.${m.role}`) }))} onCancel={() => setDialog(null)} />}
      </Modal>
      <Modal opened={dialog?.kind === 'role'} onClose={() => setDialog(null)} title={t('staff.changeRole')}>
        {dialog?.kind === 'role' && <RoleForm member={dialog.member} onDone={(m) => done(t('staff.roleDone', { name: m.displayName, role: t(`role.${m.role}`) }))} onCancel={() => setDialog(null)} />}
      </Modal>
      <Modal opened={dialog?.kind === 'password'} onClose={() => setDialog(null)} title={t('staff.resetPassword')}>
        {dialog?.kind === 'password' && <ResetPasswordForm member={dialog.member} onDone={() => done(t('staff.passwordDone', { name: dialog.member.displayName }))} onCancel={() => setDialog(null)} />}
      </Modal>
      <Modal opened={dialog?.kind === 'disable'} onClose={() => setDialog(null)} title={t('staff.disableTitle')}>
        {dialog?.kind === 'disable' && <DisableForm member={dialog.member} onDone={() => done(t('staff.disabledDone', { name: dialog.member.displayName }))} onCancel={() => setDialog(null)} />}
      </Modal>
    </Stack>
  );
}

function FormButtons({ submit, busy, onCancel, color }: { submit: string; busy: boolean; onCancel: () => void; color?: string }) {
  const t = useT();
  return (
    <Group justify="flex-end" mt="xs">
      <Button variant="default" onClick={onCancel}>
        {t('common.cancel')}
      </Button>
      <Button type="submit" loading={busy} color={color}>
        {submit}
      </Button>
    </Group>
  );
}

function CreateStaffForm({ onDone, onCancel }: { onDone: (m: StaffMember) => void; onCancel: () => void }) {
  const t = useT();
  const fe = useFieldText();
  const errorText = useErrorText();
  const roleOptions = useRoleOptions();
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, setError, formState } = useForm<CreateValues>({
    resolver: keyedResolver(createForm),
    defaultValues: { username: '', displayName: '', role: 'office_staff', password: '', confirmPassword: '' },
  });
  const create = useChannelMutation('staff.create');
  const onSubmit = useSubmitOnce(handleSubmit(async ({ confirmPassword: _confirm, ...values }) => {
    setFormError(null);
    const r = await create.run(values);
    if (r.ok) onDone(r.value);
    else setFormError(applyServerErrors(r.error, setError, errorText, fe));
  }));
  const e = formState.errors;
  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack>
        <TextInput label={t('auth.username')} description={t('staff.usernameHint')} autoComplete="off" data-autofocus {...register('username')} error={fe(e.username)} />
        <TextInput label={t('auth.displayName')} autoComplete="off" {...register('displayName')} error={fe(e.displayName)} />
        <NativeSelect label={t('staff.role')} data={roleOptions} {...register('role')} error={fe(e.role)} />
        <PasswordInput label={t('auth.password')} description={t('auth.passwordHint', { min: PASSWORD_MIN })} autoComplete="new-password" {...register('password')} error={fe(e.password)} />
        <PasswordInput label={t('auth.firstRun.confirm')} autoComplete="new-password" {...register('confirmPassword')} error={fe(e.confirmPassword)} />
        <FormError message={formError} />
        <FormButtons submit={t('staff.createSubmit')} busy={formState.isSubmitting} onCancel={onCancel} />
      </Stack>
    </form>
  );
}

const setRoleInput = contract['staff.setRole'].input;

function RoleForm({ member, onDone, onCancel }: { member: StaffMember; onDone: (m: StaffMember) => void; onCancel: () => void }) {
  const t = useT();
  const errorText = useErrorText();
  const roleOptions = useRoleOptions();
  const fe = useFieldText();
  const [formError, setFormError] = useState<string | null>(null);
  const setRole = useChannelMutation('staff.setRole');
  const { register, handleSubmit, setError, formState } = useForm<{ role: Role }, unknown, z.output<typeof setRoleInput>>({
    resolver: mappedResolver<{ role: Role }, typeof setRoleInput>(setRoleInput, (v) => ({ id: member.id, role: v.role })),
    defaultValues: { role: member.role },
  });
  const submit = useSubmitOnce(
    handleSubmit(async (input) => {
      setFormError(null);
      const r = await setRole.run(input);
      if (r.ok) onDone(r.value);
      else setFormError(applyServerErrors(r.error, setError, errorText, fe));
    }),
  );
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Text size="sm">
          {t('staff.roleOf', { name: member.displayName, username: member.username })}
        </Text>
        <NativeSelect label={t('staff.role')} data={roleOptions} {...register('role')} error={fe(formState.errors.role)} data-autofocus />
        <FormError message={formError} />
        <FormButtons submit={t('staff.saveRole')} busy={setRole.isPending} onCancel={onCancel} />
      </Stack>
    </form>
  );
}

function ResetPasswordForm({ member, onDone, onCancel }: { member: StaffMember; onDone: () => void; onCancel: () => void }) {
  const t = useT();
  const fe = useFieldText();
  const errorText = useErrorText();
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, setError, formState } = useForm<ResetValues>({ resolver: keyedResolver(resetForm), defaultValues: { password: '', confirmPassword: '' } });
  const reset = useChannelMutation('staff.resetPassword');
  const onSubmit = useSubmitOnce(
    handleSubmit(async (values) => {
      setFormError(null);
      const r = await reset.run({ id: member.id, password: values.password });
      if (r.ok) onDone();
      else setFormError(applyServerErrors(r.error, setError, errorText, fe));
    }),
  );
  const e = formState.errors;
  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack>
        <Text size="sm">
          {t('staff.resetBody', { name: member.displayName, username: member.username })}
        </Text>
        <PasswordInput label={t('auth.changePassword.new')} description={t('auth.passwordHint', { min: PASSWORD_MIN })} autoComplete="new-password" data-autofocus {...register('password')} error={fe(e.password)} />
        <PasswordInput label={t('auth.changePassword.confirm')} autoComplete="new-password" {...register('confirmPassword')} error={fe(e.confirmPassword)} />
        <FormError message={formError} />
        <FormButtons submit={t('staff.setPassword')} busy={formState.isSubmitting} onCancel={onCancel} />
      </Stack>
    </form>
  );
}

function DisableForm({ member, onDone, onCancel }: { member: StaffMember; onDone: () => void; onCancel: () => void }) {
  const t = useT();
  const errorText = useErrorText();
  const [formError, setFormError] = useState<string | null>(null);
  const disabling = useChannelMutation('staff.setDisabled');
  const submit = useSubmitOnce(async (e: FormEvent) => {
    e.preventDefault();
    setFormError(null);
    const r = await disabling.run({ id: member.id, disabled: true });
    if (r.ok) onDone();
    else setFormError(errorText(r.error));
  });
  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <Stack>
        <Text size="sm">
          {t('staff.disableBody', { name: member.displayName, username: member.username })}
        </Text>
        <FormError message={formError} />
        <FormButtons submit={t('staff.disable')} color="red" busy={disabling.isPending} onCancel={onCancel} />
      </Stack>
    </form>
  );
}
