import type { ImportJobParams, OptOutResult } from '../../shared/contract/optouts';
import { ACCOUNT_LIST, maskOf } from '../../shared/customers-lists';
import { normaliseEmail } from '../../shared/email';
import { appError, fieldIssue } from '../../shared/errors';
import { deviceOf, type Ctx, type FeatureHandlers } from '../context';
import { closedAccountError } from '../accounts/refs';
import { accountStateByEmailNorm, findAccountByEmail, toSummary } from '../accounts/accounts-repo';
import { listStates } from '../accounts/consent-repo';
import { addOptOutSuppression, decide, describe, writeAccountChange, type OptOutRequest } from './engine';
import { checkEncoding, ImportFileError } from './import-file';
import { importHistory } from './import-history';
import { keepPlan, takePlan } from './plan-cache';
import { emailHasher, suppressedLists, suppressionKeyHex, suppressionMask } from '../accounts/suppression';

function checkRequestDate(ctx: Ctx, requestedOn: string): void {
  if (requestedOn > ctx.today()) throw appError('request_date.future', {}, [fieldIssue('requestedOn', 'request_date_future')]);
  if (requestedOn < '1990-01-01') throw appError('request_date.too_old', {}, [fieldIssue('requestedOn', 'request_date_too_old')]);
}

const keyOf = (ctx: Ctx) => suppressionKeyHex(ctx.deps.vault, ctx.services.settings, ctx.stores.customers);

/**
 * The params of an import job. Cheap whole-file checks answer at once; the rest (card numbers
 * included, see the channel's cardCheckInJob) happens in the worker. The apply takes the plan of
 * this staff member's preview of the same file, if there is one.
 */
async function importParams(ctx: Ctx, input: { fileName: string; content: string }, kind: 'preview' | 'apply'): Promise<ImportJobParams> {
  try {
    checkEncoding(input.content);
  } catch (e) {
    if (e instanceof ImportFileError) throw appError('import.file', { reason: e.reason, ...e.params }, [fieldIssue('content', 'import_file', { reason: e.reason, ...e.params })]);
    throw e;
  }
  const content = new TextEncoder().encode(input.content);
  const plan = kind === 'apply' ? takePlan(ctx.stores.customers, ctx.actor.staffId, content) : undefined;
  return { fileName: input.fileName, content, keyHex: await keyOf(ctx), at: ctx.now(), today: ctx.today(), device: deviceOf(ctx), plan };
}

/** The file's bytes move to the worker instead of being copied on the main thread. */
const moveContent = (p: ImportJobParams) => ({ transfer: [p.content.buffer as ArrayBuffer] });

export const optoutsHandlers = {
  'optouts.find': async (ctx, input) => {
    const db = ctx.stores.customers;
    const hmac = emailHasher(await keyOf(ctx))(input.email);
    return ctx.tx(() => {
      const account = findAccountByEmail(db, input.email);
      const found = account && account.status !== 'erased' ? { ...toSummary(account), lists: listStates(db, account.id) } : null;
      if (found) ctx.audit({ action: 'read.account', subjectType: 'account', subjectId: found.id, details: { via: 'optouts.find' } });
      return { email: normaliseEmail(input.email), account: found, suppressed: suppressedLists(db, hmac) };
    });
  },

  'optouts.process': async (ctx, input): Promise<OptOutResult> => {
    checkRequestDate(ctx, input.requestedOn);
    const db = ctx.stores.customers;
    const emailNorm = normaliseEmail(input.email);
    const hmac = emailHasher(await keyOf(ctx))(emailNorm);
    // One transaction: the withdrawal events, the cancellation, the suppression and the audit row
    // commit together or not at all.
    return ctx.tx(() => {
      const account = accountStateByEmailNorm(db, emailNorm);
      // A cancelled account is on no list and its address is suppressed for all three already.
      if (account?.status === 'cancelled') throw closedAccountError(account.id);
      if (account?.status === 'active' && input.lists.includes(ACCOUNT_LIST) && !input.confirmCancellation) {
        throw appError('optouts.confirm_cancellation', { accountId: account.id }, [fieldIssue('confirmCancellation', 'optout_confirm_cancellation', { accountId: account.id })]);
      }
      const req: OptOutRequest = { hmac, asked: maskOf(input.lists), reason: input.reason, requestedOn: input.requestedOn, note: input.note && input.note.length > 0 ? input.note : null };
      const d = decide(account, req.asked);
      const suppressedBefore = suppressionMask(db, hmac);
      const env = { at: ctx.now(), staffId: ctx.actor.staffId, device: deviceOf(ctx) };
      // Read and written in this one transaction, so the state cannot have changed in between.
      if (!writeAccountChange(db, env, account, req, d)) throw new Error('account state changed inside a transaction');
      addOptOutSuppression(db, env, req, d);
      const out = describe(account, req, d, suppressedBefore);
      if (out.cancelled || out.unsubscribed.length > 0 || out.suppressed.length > 0) {
        const details = { reason: input.reason, requestedOn: input.requestedOn, unsubscribed: out.unsubscribed, suppressed: out.suppressed };
        const action = out.cancelled ? 'customers.cancel' : out.unsubscribed.length > 0 ? 'optouts.unsubscribe' : 'optouts.suppress';
        ctx.audit({ action, subjectType: out.accountId !== null ? 'account' : 'suppression', subjectId: out.accountId, details });
      }
      return out;
    });
  },

  'optouts.previewImport': async (ctx, input) => {
    const params = await importParams(ctx, input, 'preview');
    return ctx.services.jobs.start(
      'optouts.importPreview',
      params,
      ctx.actor,
      ({ preview, plan }) => {
        keepPlan(ctx.stores.customers, ctx.actor.staffId, plan);
        // The preview shows which addresses have accounts: a read of personal data.
        ctx.tx(() =>
          ctx.audit({
            action: 'read.import_preview',
            subjectType: 'optout_file',
            subjectId: preview.sha256.slice(0, 16),
            details: { rows: preview.totalRows, matched: preview.matched.count, unknown: preview.unknown.count, cancellations: preview.cancellations.count, invalid: preview.invalid.count },
          }),
        );
        return preview;
      },
      moveContent(params),
    );
  },

  'optouts.applyImport': async (ctx, input) => {
    const params = await importParams(ctx, input, 'apply');
    return ctx.services.jobs.start('optouts.importApply', params, ctx.actor, undefined, moveContent(params));
  },

  'optouts.imports': (ctx) => importHistory(ctx.stores.customers, (jobId) => ctx.services.jobs.isRunning(jobId)),
} satisfies FeatureHandlers<'optouts'>;
