import { zodResolver } from '@hookform/resolvers/zod';
import { Badge, Button, Group, Loader, Modal, NativeSelect, PasswordInput, Stack, Table, Text, TextInput, VisuallyHidden } from '@mantine/core';
import { BadgeCell, DataTable } from '../../components/DataTable';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { createStaffInput, type StaffMember } from '../../../../shared/contract/staff';
import { newPassword, PASSWORD_MIN } from '../../../../shared/fields';
import { ROLE_LABELS, ROLES, type Role } from '../../../../shared/roles';
import { FormError } from '../../components/FormError';
import { PageHeader } from '../../components/PageHeader';
import { StatusMessage } from '../../components/StatusMessage';
import { call } from '../../lib/call';
import { applyServerErrors } from '../../lib/form';
import { formatDate } from '../../lib/format';
import { useSession } from '../../lib/session-store';

const ROLE_OPTIONS = ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }));

/** The contract's schema plus a confirmation field that never leaves the form. */
const createForm = createStaffInput
  .extend({ confirmPassword: z.string() })
  .refine((v) => v.password === v.confirmPassword, { message: 'Passwords do not match.', path: ['confirmPassword'] });
type CreateValues = z.input<typeof createForm>;

const resetForm = z
  .object({ password: newPassword, confirmPassword: z.string() })
  .strict()
  .refine((v) => v.password === v.confirmPassword, { message: 'Passwords do not match.', path: ['confirmPassword'] });
type ResetValues = z.input<typeof resetForm>;

type Dialog = { kind: 'create' } | { kind: 'role' | 'password' | 'disable'; member: StaffMember } | null;

/** Admin screen: staff accounts and their roles. Admins see no customer data here or anywhere. */
export function StaffScreen() {
  const me = useSession((s) => s.session);
  const [staff, setStaff] = useState<StaffMember[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [rowError, setRowError] = useState<string | null>(null);

  const load = useCallback(async () => {
    const r = await call(window.api.staff.list({}));
    if (r.ok) {
      setStaff(r.value);
      setLoadError(null);
    } else setLoadError(r.error.message);
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const done = (message: string) => {
    setDialog(null);
    setStatus(message);
    setRowError(null);
    void load();
  };

  const enable = async (member: StaffMember) => {
    setStatus(null);
    const r = await call(window.api.staff.setDisabled({ id: member.id, disabled: false }));
    if (r.ok) done(`${member.displayName} can sign in again.`);
    else setRowError(r.error.message);
  };

  return (
    <Stack gap="md">
      <PageHeader
        title="Staff"
        description="Staff accounts and their roles. A role decides which screens and data a person can use; changes apply at their next action."
        actions={
          <Button onClick={() => setDialog({ kind: 'create' })} disabled={!staff}>
            Add staff member
          </Button>
        }
      />
      <StatusMessage message={status} onClose={() => setStatus(null)} />
      <FormError message={rowError} />
      <FormError message={loadError} title="Could not load staff" />
      {!staff && !loadError && <Loader aria-label="Loading staff" />}
      {staff && (
        <DataTable label="Staff accounts" headers={['Username', 'Display name', 'Role', 'Status', 'Created', <VisuallyHidden key="h">Actions</VisuallyHidden>]} minWidth={760} striped highlightOnHover verticalSpacing="sm">
          {staff.map((m) => (
            <Table.Tr key={m.id}>
              <Table.Td>
                <Text ff="monospace" size="sm">
                  {m.username}
                </Text>
              </Table.Td>
              <Table.Td>
                {m.displayName}
                {m.id === me?.staffId && (
                  <Badge ml="xs" size="xs" variant="outline" color="gray">
                    You
                  </Badge>
                )}
              </Table.Td>
              <Table.Td>{ROLE_LABELS[m.role]}</Table.Td>
              <BadgeCell color={m.disabled ? 'gray' : 'teal'}>{m.disabled ? 'Disabled' : 'Active'}</BadgeCell>
              <Table.Td>{formatDate(m.createdAt)}</Table.Td>
              <Table.Td>
                <Group gap={6} justify="flex-end" wrap="nowrap">
                  <Button size="xs" variant="default" aria-label={`Change role of ${m.displayName}`} onClick={() => setDialog({ kind: 'role', member: m })}>
                    Change role
                  </Button>
                  <Button size="xs" variant="default" aria-label={`Reset password of ${m.displayName}`} onClick={() => setDialog({ kind: 'password', member: m })}>
                    Reset password
                  </Button>
                  {m.disabled ? (
                    <Button size="xs" variant="default" aria-label={`Enable ${m.displayName}`} onClick={() => void enable(m)}>
                      Enable
                    </Button>
                  ) : (
                    <Button size="xs" variant="light" color="red" aria-label={`Disable ${m.displayName}`} onClick={() => setDialog({ kind: 'disable', member: m })}>
                      Disable
                    </Button>
                  )}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </DataTable>
      )}

      <Modal opened={dialog?.kind === 'create'} onClose={() => setDialog(null)} title="Add staff member">
        {dialog?.kind === 'create' && <CreateStaffForm onDone={(m) => done(`Created ${m.displayName} (${ROLE_LABELS[m.role]}).`)} onCancel={() => setDialog(null)} />}
      </Modal>
      <Modal opened={dialog?.kind === 'role'} onClose={() => setDialog(null)} title="Change role">
        {dialog?.kind === 'role' && <RoleForm member={dialog.member} onDone={(m) => done(`${m.displayName} is now ${ROLE_LABELS[m.role]}.`)} onCancel={() => setDialog(null)} />}
      </Modal>
      <Modal opened={dialog?.kind === 'password'} onClose={() => setDialog(null)} title="Reset password">
        {dialog?.kind === 'password' && <ResetPasswordForm member={dialog.member} onDone={() => done(`New password set for ${dialog.member.displayName}. Tell them in person, not by email.`)} onCancel={() => setDialog(null)} />}
      </Modal>
      <Modal opened={dialog?.kind === 'disable'} onClose={() => setDialog(null)} title="Disable staff member">
        {dialog?.kind === 'disable' && <DisableForm member={dialog.member} onDone={() => done(`${dialog.member.displayName} is disabled and can no longer sign in.`)} onCancel={() => setDialog(null)} />}
      </Modal>
    </Stack>
  );
}

function FormButtons({ submit, busy, onCancel, color }: { submit: string; busy: boolean; onCancel: () => void; color?: string }) {
  return (
    <Group justify="flex-end" mt="xs">
      <Button variant="default" onClick={onCancel}>
        Cancel
      </Button>
      <Button type="submit" loading={busy} color={color}>
        {submit}
      </Button>
    </Group>
  );
}

function CreateStaffForm({ onDone, onCancel }: { onDone: (m: StaffMember) => void; onCancel: () => void }) {
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, setError, formState } = useForm<CreateValues>({
    resolver: zodResolver(createForm),
    defaultValues: { username: '', displayName: '', role: 'office_staff', password: '', confirmPassword: '' },
  });
  const onSubmit = handleSubmit(async ({ confirmPassword: _confirm, ...values }) => {
    setFormError(null);
    const r = await call(window.api.staff.create(values));
    if (r.ok) onDone(r.value);
    else setFormError(applyServerErrors(r.error, setError));
  });
  const e = formState.errors;
  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack>
        <TextInput label="Username" description="Used to sign in: letters, digits, dot, dash, underscore." autoComplete="off" data-autofocus {...register('username')} error={e.username?.message} />
        <TextInput label="Display name" autoComplete="off" {...register('displayName')} error={e.displayName?.message} />
        <NativeSelect label="Role" data={ROLE_OPTIONS} {...register('role')} error={e.role?.message} />
        <PasswordInput label="Password" description={`At least ${PASSWORD_MIN} characters.`} autoComplete="new-password" {...register('password')} error={e.password?.message} />
        <PasswordInput label="Confirm password" autoComplete="new-password" {...register('confirmPassword')} error={e.confirmPassword?.message} />
        <FormError message={formError} />
        <FormButtons submit="Create staff member" busy={formState.isSubmitting} onCancel={onCancel} />
      </Stack>
    </form>
  );
}

function RoleForm({ member, onDone, onCancel }: { member: StaffMember; onDone: (m: StaffMember) => void; onCancel: () => void }) {
  const [role, setRole] = useState<Role>(member.role);
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setFormError(null);
    const r = await call(window.api.staff.setRole({ id: member.id, role }));
    setBusy(false);
    if (r.ok) onDone(r.value);
    else setFormError(r.error.message);
  };
  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <Stack>
        <Text size="sm">
          Role of <strong>{member.displayName}</strong> ({member.username}).
        </Text>
        <NativeSelect label="Role" data={ROLE_OPTIONS} value={role} onChange={(e) => setRole(e.currentTarget.value as Role)} data-autofocus />
        <FormError message={formError} />
        <FormButtons submit="Save role" busy={busy} onCancel={onCancel} />
      </Stack>
    </form>
  );
}

function ResetPasswordForm({ member, onDone, onCancel }: { member: StaffMember; onDone: () => void; onCancel: () => void }) {
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, setError, formState } = useForm<ResetValues>({ resolver: zodResolver(resetForm), defaultValues: { password: '', confirmPassword: '' } });
  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    const r = await call(window.api.staff.resetPassword({ id: member.id, password: values.password }));
    if (r.ok) onDone();
    else setFormError(applyServerErrors(r.error, setError));
  });
  const e = formState.errors;
  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack>
        <Text size="sm">
          Set a new password for <strong>{member.displayName}</strong> ({member.username}). Their current password stops working at once.
        </Text>
        <PasswordInput label="New password" description={`At least ${PASSWORD_MIN} characters.`} autoComplete="new-password" data-autofocus {...register('password')} error={e.password?.message} />
        <PasswordInput label="Confirm new password" autoComplete="new-password" {...register('confirmPassword')} error={e.confirmPassword?.message} />
        <FormError message={formError} />
        <FormButtons submit="Set password" busy={formState.isSubmitting} onCancel={onCancel} />
      </Stack>
    </form>
  );
}

function DisableForm({ member, onDone, onCancel }: { member: StaffMember; onDone: () => void; onCancel: () => void }) {
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setFormError(null);
    const r = await call(window.api.staff.setDisabled({ id: member.id, disabled: true }));
    setBusy(false);
    if (r.ok) onDone();
    else setFormError(r.error.message);
  };
  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <Stack>
        <Text size="sm">
          <strong>{member.displayName}</strong> ({member.username}) will not be able to sign in, and any open session ends at its next action. Their history stays in the audit log. You can
          enable the account again later.
        </Text>
        <FormError message={formError} />
        <FormButtons submit="Disable" color="red" busy={busy} onCancel={onCancel} />
      </Stack>
    </form>
  );
}
