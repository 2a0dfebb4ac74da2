import { appError, fieldIssue } from '../../shared/errors';
import type { FeatureHandlers, PublicCtx } from '../context';
import { countStaff, findStaffById, findStaffByUsername, insertStaff, setStaffLanguage, updateStaff } from '../staff/repo';
import { refuseOnBooth } from '../staff/handlers';
import { dummyPasswordHash, hashPassword, verifyPassword } from './password';

/** One message for every sign-in failure, so it does not reveal which usernames exist. */
export const SIGN_IN_FAILED = 'The username or password is not correct.';

function requireStores(ctx: PublicCtx) {
  if (!ctx.stores) throw appError('store_unavailable');
  return ctx.stores;
}

/** Checks a username and password; on failure serves the throttle delay and throws the generic error. */
export async function checkCredentials(ctx: PublicCtx, username: string, password: string) {
  const stores = requireStores(ctx);
  const staff = findStaffByUsername(stores.customers, username);
  const valid = await verifyPassword(password, staff?.passwordHash ?? (await dummyPasswordHash(ctx.core.passwordCost)));
  if (staff && valid && !staff.disabled) {
    ctx.core.throttle.succeed(username);
    return staff;
  }
  const delay = ctx.core.throttle.fail(username);
  stores.customers.transaction(() =>
    ctx.core.audit(ctx.session, {
      actorId: null,
      actorName: 'unknown',
      action: 'auth.sign_in_failed',
      // The typed username is recorded only when it names a real account: people sometimes type
      // their password into the username field.
      subjectType: staff ? 'staff' : null,
      subjectId: staff?.id ?? null,
      details: { reason: staff ? (staff.disabled ? 'disabled' : 'bad_password') : 'unknown_user' },
    }),
  ).immediate();
  if (delay > 0) await ctx.clock.sleep(delay);
  throw appError('auth.sign_in_failed');
}

export const authHandlers = {
  'auth.createFirstAdmin': async (ctx, input) => {
    const stores = requireStores(ctx);
    if (countStaff(stores.customers) > 0) throw appError('auth.first_admin_exists');
    const passwordHash = await hashPassword(input.password, ctx.core.passwordCost);
    const id = stores.customers
      .transaction(() => {
        // Checked again inside the write lock: two windows must not both create a "first" admin.
        if (countStaff(stores.customers) > 0) throw appError('auth.first_admin_exists');
        const staffId = insertStaff(stores.customers, { username: input.username, displayName: input.displayName, role: 'admin', passwordHash }, ctx.now());
        ctx.core.audit(ctx.session, { actorId: staffId, actorName: input.displayName, action: 'staff.create_first_admin', subjectType: 'staff', subjectId: staffId, details: { role: 'admin' } });
        return staffId;
      })
      .immediate();
    ctx.core.bind(ctx.session, id);
    return ctx.core.sessionInfo(ctx.session)!;
  },

  'auth.signIn': async (ctx, input) => {
    const staff = await checkCredentials(ctx, input.username, input.password);
    const stores = requireStores(ctx);
    stores.customers
      .transaction(() => {
        ctx.core.audit(ctx.session, { actorId: staff.id, actorName: staff.displayName, action: 'auth.sign_in', subjectType: 'staff', subjectId: staff.id });
        if (input.language && input.language !== staff.language) {
          setStaffLanguage(stores.customers, staff.id, input.language, ctx.now());
          ctx.core.audit(ctx.session, {
            actorId: staff.id,
            actorName: staff.displayName,
            action: 'staff.set_language',
            subjectType: 'staff',
            subjectId: String(staff.id),
            details: { language: input.language },
          });
        }
      })
      .immediate();
    ctx.core.bind(ctx.session, staff.id);
    return ctx.core.sessionInfo(ctx.session)!;
  },

  'auth.session': (ctx) => ctx.core.sessionInfo(ctx.session),

  'auth.signOut': (ctx) => {
    const info = ctx.core.sessionInfo(ctx.session);
    if (info && ctx.stores) {
      ctx.stores.customers
        .transaction(() => ctx.core.audit(ctx.session, { actorId: info.staffId, actorName: info.displayName, action: 'auth.sign_out', subjectType: 'staff', subjectId: info.staffId }))
        .immediate();
    }
    ctx.core.signOut(ctx.session);
    return null;
  },

  'auth.lock': (ctx) => {
    ctx.session.locked = true;
    return null;
  },

  'auth.unlock': async (ctx, input) => {
    const staff = findStaffById(ctx.stores.customers, ctx.actor.staffId)!;
    const delay = (await verifyPassword(input.password, staff.passwordHash)) ? -1 : ctx.core.throttle.fail(staff.username);
    if (delay >= 0) {
      if (delay > 0) await ctx.clock.sleep(delay);
      throw appError('auth.wrong_password');
    }
    ctx.session.locked = false;
    ctx.session.lastActivityMs = ctx.clock.now().getTime();
    ctx.core.throttle.succeed(staff.username);
    return ctx.core.sessionInfo(ctx.session)!;
  },

  'auth.verifyStaffPassword': async (ctx, input) => {
    const staff = await checkCredentials(ctx, input.username, input.password);
    ctx.tx(() => ctx.audit({ action: 'auth.staff_password_verified', subjectType: 'staff', subjectId: staff.id }));
    return { staffId: staff.id, displayName: staff.displayName };
  },

  'auth.changePassword': async (ctx, input) => {
    refuseOnBooth(ctx);
    const staff = findStaffById(ctx.stores.customers, ctx.actor.staffId)!;
    if (!(await verifyPassword(input.currentPassword, staff.passwordHash))) {
      throw appError('auth.current_password_wrong', {}, [fieldIssue('currentPassword', 'current_password_wrong')]);
    }
    const passwordHash = await hashPassword(input.newPassword, ctx.core.passwordCost);
    ctx.tx(() => {
      updateStaff(ctx.stores.customers, staff.id, { passwordHash }, ctx.now());
      ctx.audit({ action: 'staff.change_own_password', subjectType: 'staff', subjectId: staff.id });
    });
    return null;
  },
} satisfies FeatureHandlers<'auth'>;
