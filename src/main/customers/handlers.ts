import { appError, fieldIssue } from '../../shared/errors';
import { NOTICE_OF_LIST } from '../../shared/customers-lists';
import { deviceOf, type FeatureHandlers } from '../context';
import { emailHasher, liftSuppression, suppressionKeyHex } from '../accounts/suppression';
import { findAccount } from '../accounts/accounts-repo';
import { isSubscribed, recordConsent } from '../accounts/consent-repo';
import { currentNotices, requireCurrentNotice } from './notices';
import { checkAge, registerCustomer } from './register';
import { accountDetail } from './view';

function searchKind(query: string): 'id' | 'email' | 'name' {
  if (/^#?\d+$/.test(query.trim())) return 'id';
  return query.includes('@') ? 'email' : 'name';
}

export const customersHandlers = {
  'customers.notices': (ctx) => currentNotices(ctx.deps.resourcesDir),

  'customers.checkAge': (ctx, input) => checkAge(ctx, input.birthDate),

  'customers.register': (ctx, input) => registerCustomer(ctx, input),

  'customers.search': async (ctx, input) => {
    // Read in the query worker (customers/jobs.ts): a name search can take tens of milliseconds at full size.
    const rows = await ctx.services.jobs.query('customers.search', input, ctx.actor);
    // The query itself may be an email: the audit row keeps only its kind and the ids found.
    ctx.tx(() =>
      ctx.audit({ action: 'read.account_search', subjectType: 'account', details: { by: searchKind(input.query), results: rows.length, accountIds: rows.map((r) => r.id) } }),
    );
    return rows;
  },

  'customers.get': (ctx, input) =>
    ctx.tx(() => {
      const detail = accountDetail(ctx.stores.customers, input.id);
      ctx.audit({ action: 'read.account', subjectType: 'account', subjectId: input.id });
      return detail;
    }),

  'customers.resubscribe': async (ctx, input) => {
    const db = ctx.stores.customers;
    const day = ctx.today();
    if (input.requestedOn > day) throw appError('request_date.future', {}, [fieldIssue('requestedOn', 'request_date_future')]);
    const notice = requireCurrentNotice(ctx.deps.resourcesDir, NOTICE_OF_LIST[input.list], input.noticeVersion);
    const keyHex = await suppressionKeyHex(ctx.deps.vault, ctx.services.settings, db);
    return ctx.tx(() => {
      const account = findAccount(db, input.accountId);
      if (!account || account.status === 'erased') throw appError('accounts.not_found', { accountId: input.accountId });
      if (account.status !== 'active') {
        throw appError('accounts.cancelled_no_resubscribe', { accountId: account.id });
      }
      if (isSubscribed(db, account.id, input.list)) throw appError('accounts.already_subscribed');
      recordConsent(db, {
        accountId: account.id,
        list: input.list,
        action: 'subscribe',
        method: input.method,
        notice,
        requestedOn: input.requestedOn,
        at: ctx.now(),
        staffId: ctx.actor.staffId,
        device: deviceOf(ctx),
      });
      const lifted = liftSuppression(db, emailHasher(keyHex)(account.email), input.list, ctx.now());
      ctx.audit({ action: 'customers.resubscribe', subjectType: 'account', subjectId: account.id, details: { list: input.list, method: input.method, suppressionLifted: lifted } });
      return accountDetail(db, account.id);
    });
  },
} satisfies FeatureHandlers<'customers'>;
