import { appError, fieldIssue } from '../../shared/errors';
import type { Ctx, FeatureHandlers } from '../context';
import { hashPassword } from '../auth/password';
import { countActiveAdmins, findStaffById, findStaffByUsername, insertStaff, listStaff, setStaffLanguage, toMember, updateStaff } from './repo';

function mustFind(ctx: Ctx, id: number) {
  const staff = findStaffById(ctx.stores.customers, id);
  if (!staff) throw appError('staff.not_found');
  return staff;
}

/**
 * Staff accounts are the organisation's, changed on office devices: the hub takes staff changes
 * from office devices only, so a booth refuses them instead of keeping changes no one receives.
 */
export function refuseOnBooth(ctx: Ctx): void {
  if (ctx.services.sync.enrolledAs() === 'booth') throw appError('sync.booth_staff');
}

/** An admin cannot remove the last way back in. */
function guardLastAdmin(ctx: Ctx, id: number, change: 'demote' | 'disable') {
  const staff = mustFind(ctx, id);
  if (staff.role === 'admin' && !staff.disabled && countActiveAdmins(ctx.stores.customers) <= 1) {
    throw appError(change === 'demote' ? 'staff.last_admin_demote' : 'staff.last_admin_disable');
  }
}

export const staffHandlers = {
  'staff.setMyLanguage': (ctx, input) => {
    ctx.tx(() => {
      setStaffLanguage(ctx.stores.customers, ctx.actor.staffId, input.language, ctx.now());
      ctx.audit({ action: 'staff.set_language', subjectType: 'staff', subjectId: String(ctx.actor.staffId), details: { language: input.language } });
    });
    return ctx.core.sessionInfo(ctx.session)!;
  },
  'staff.list': (ctx) => listStaff(ctx.stores.customers),

  'staff.create': async (ctx, input) => {
    refuseOnBooth(ctx);
    if (findStaffByUsername(ctx.stores.customers, input.username)) {
      throw appError('staff.username_taken', { username: input.username }, [fieldIssue('username', 'username_taken')]);
    }
    const passwordHash = await hashPassword(input.password, ctx.core.passwordCost);
    const id = ctx.tx(() => {
      if (findStaffByUsername(ctx.stores.customers, input.username)) throw appError('staff.username_taken', { username: input.username }, [fieldIssue('username', 'username_taken')]);
      const staffId = insertStaff(ctx.stores.customers, { username: input.username, displayName: input.displayName, role: input.role, passwordHash }, ctx.now());
      ctx.audit({ action: 'staff.create', subjectType: 'staff', subjectId: staffId, details: { role: input.role } });
      return staffId;
    });
    return toMember(mustFind(ctx, id));
  },

  'staff.setRole': (ctx, input) => {
    refuseOnBooth(ctx);
    ctx.tx(() => {
      const before = mustFind(ctx, input.id);
      if (before.role === input.role) return;
      if (input.role !== 'admin') guardLastAdmin(ctx, input.id, 'demote');
      updateStaff(ctx.stores.customers, input.id, { role: input.role }, ctx.now());
      ctx.audit({ action: 'staff.set_role', subjectType: 'staff', subjectId: input.id, details: { from: before.role, to: input.role } });
    });
    return toMember(mustFind(ctx, input.id));
  },

  'staff.setDisabled': (ctx, input) => {
    refuseOnBooth(ctx);
    ctx.tx(() => {
      const before = mustFind(ctx, input.id);
      if (before.disabled === input.disabled) return;
      if (input.disabled) guardLastAdmin(ctx, input.id, 'disable');
      updateStaff(ctx.stores.customers, input.id, { disabled: input.disabled }, ctx.now());
      ctx.audit({ action: input.disabled ? 'staff.disable' : 'staff.enable', subjectType: 'staff', subjectId: input.id });
    });
    return toMember(mustFind(ctx, input.id));
  },

  'staff.resetPassword': async (ctx, input) => {
    refuseOnBooth(ctx);
    mustFind(ctx, input.id);
    const passwordHash = await hashPassword(input.password, ctx.core.passwordCost);
    ctx.tx(() => {
      updateStaff(ctx.stores.customers, input.id, { passwordHash }, ctx.now());
      ctx.audit({ action: 'staff.reset_password', subjectType: 'staff', subjectId: input.id });
    });
    return null;
  },
} satisfies FeatureHandlers<'staff'>;
