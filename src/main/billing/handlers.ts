import type { BillingCustomer } from '../../shared/contract/billing';
import { appError } from '../../shared/errors';
import type { Ctx, FeatureHandlers } from '../context';
import { findAccountRef, findAccountRefByEmail, mustFindLiveAccount, mustFindOpenAccount, type AccountRef } from '../accounts/refs';
import { shareBillingRemoved, shareBillingSaved, type BillingPart } from '../replica/billing';
import { deleteBilling, findBilling, upsertBilling } from './repo';

/** Builds the clerk's view and records the read, inside the caller's transaction. */
function viewAndAudit(ctx: Ctx, account: AccountRef): BillingCustomer {
  if (account.status === 'erased' || account.name === null || account.email === null) {
    throw appError('billing.erased');
  }
  const billing = findBilling(ctx.stores.customers, account.id);
  ctx.audit({ action: 'read.billing', subjectType: 'account', subjectId: account.id, details: { hasBilling: billing !== null } });
  return { accountId: account.id, name: account.name, email: account.email, status: account.status, billing };
}

export const billingHandlers = {
  'billing.find': (ctx, input) =>
    ctx.tx(() => {
      const account = findAccountRefByEmail(ctx.stores.customers, input.email);
      if (!account || account.status === 'erased') return null;
      return viewAndAudit(ctx, account);
    }),

  'billing.get': (ctx, input) =>
    ctx.tx(() => {
      const account = findAccountRef(ctx.stores.customers, input.accountId);
      if (!account) throw appError('accounts.not_found', { accountId: null });
      return viewAndAudit(ctx, account);
    }),

  'billing.save': (ctx, input) =>
    ctx.tx(() => {
      const account = mustFindOpenAccount(ctx.stores.customers, input.accountId);
      const before = findBilling(ctx.stores.customers, input.accountId);
      const { accountId: _id, ...values } = input;
      upsertBilling(ctx.stores.customers, input.accountId, values, ctx.actor.staffId, ctx.now());
      const changed: BillingPart[] = [];
      if (!before || before.billingName !== values.billingName) changed.push('billingName');
      if (
        !before ||
        before.addressLine1 !== values.addressLine1 ||
        before.addressLine2 !== values.addressLine2 ||
        before.postalCode !== values.postalCode ||
        before.city !== values.city ||
        before.country !== values.country
      ) {
        changed.push('address');
      }
      if (before?.card?.brand !== values.card?.brand || before?.card?.last4 !== values.card?.last4) changed.push('card');
      shareBillingSaved(ctx.stores.customers, input.accountId, changed, before === null, ctx.now());
      ctx.audit({ action: before ? 'billing.update' : 'billing.create', subjectType: 'account', subjectId: input.accountId, details: { changed } });
      const billing = findBilling(ctx.stores.customers, input.accountId);
      return { accountId: account.id, name: account.name, email: account.email, status: account.status, billing };
    }),

  'billing.remove': (ctx, input) =>
    ctx.tx(() => {
      mustFindLiveAccount(ctx.stores.customers, input.accountId);
      shareBillingRemoved(ctx.stores.customers, input.accountId, ctx.actor.staffId, ctx.now());
      if (!deleteBilling(ctx.stores.customers, input.accountId)) throw appError('billing.none');
      ctx.audit({ action: 'billing.remove', subjectType: 'account', subjectId: input.accountId });
      return null;
    }),
} satisfies FeatureHandlers<'billing'>;
