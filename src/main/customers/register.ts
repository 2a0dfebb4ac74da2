import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { AgeCheckResult, Notice, RegisterResult, registerInput } from '../../shared/contract/customers';
import type { ConsentMethod, MailingList } from '../../shared/customers-lists';
import { type AppError, appError, fieldIssue } from '../../shared/errors';
import { languageOfLocale, type Language } from '../../shared/i18n';
import { deviceOf, type Ctx } from '../context';
import { enqueueMail } from '../outbox/outbox-repo';
import { findStaffById } from '../staff/repo';
import { registrationMail } from './registration-mail';
import { emailHasher, liftSuppression, suppressionKeyHex } from '../accounts/suppression';
import { findProduct } from '../products/repo';
import { findAccount, findAccountByEmail, insertAccount, reopenAccount } from '../accounts/accounts-repo';
import { shareNewAccount, shareReopen } from '../replica/accounts';
import { countUnderAge, eligibleToRegister, NEUTRAL_REFUSAL } from './age';
import { recordConsent } from '../accounts/consent-repo';
import { requireCurrentNotice } from './notices';
import { accountDetail } from './view';

export type RegisterInput = z.output<typeof registerInput>;

/** The neutral birth-date question: under 13, refuse and count, keep nothing else. */
export function checkAge(ctx: Ctx, birthDate: string): AgeCheckResult {
  if (eligibleToRegister(birthDate, ctx.today())) return { allowed: true };
  ctx.tx(() => countUnderAge(ctx.stores.customers));
  return { allowed: false, message: NEUTRAL_REFUSAL };
}

export interface RegisterOptions {
  /** How the registration consent was given; the registration form unless a lead is converted. */
  method?: ConsentMethod;
  /** Free text kept with the consent events (e.g. the lead's permission evidence). */
  note?: string | null;
  /** Extra audit details (ids only, never personal data). */
  auditDetails?: Record<string, unknown>;
  /** The customer's language when the form did not say (a converted lead: the language its script was read in). */
  defaultLanguage?: Language;
}

/** The language the signed-in staff member works in: their choice, else the OS's. */
function staffLanguage(ctx: Ctx): Language {
  return findStaffById(ctx.stores.customers, ctx.actor.staffId)?.language ?? languageOfLocale(ctx.deps.osLocale);
}

function alreadyRegistered(id: number, cancelled: boolean): AppError {
  if (cancelled) return appError('register.email_cancelled', { accountId: id }, [fieldIssue('email', 'email_registered_cancelled', { accountId: id })]);
  return appError('register.email_taken', { accountId: id }, [fieldIssue('email', 'email_registered', { accountId: id })]);
}

/**
 * Registers a customer (policy 2a, 3a, 6). In one transaction: the account, its consent events
 * (technical advisories and call detail reports citing the registration notice; marketing only if
 * ticked, citing the marketing notice), lifting of earlier opt-outs superseded by this consent, the
 * registration email in the outbox, and the audit row. The mail goes later; registration never
 * waits for the network.
 */
export async function registerCustomer(ctx: Ctx, input: RegisterInput, opts: RegisterOptions = {}): Promise<RegisterResult> {
  const age = checkAge(ctx, input.birthDate);
  if (!age.allowed) return { outcome: 'refused', message: age.message };

  const db = ctx.stores.customers;
  const product = findProduct(db, input.productId);
  if (!product || !product.active) {
    throw appError('register.product_required', {}, [fieldIssue('productId', 'product_required')]);
  }
  const registrationNotice = requireCurrentNotice(ctx.deps.resourcesDir, 'registration', input.registrationNoticeVersion);
  const marketingNotice = input.marketingOptIn ? requireCurrentNotice(ctx.deps.resourcesDir, 'marketing', input.marketingNoticeVersion) : null;
  const keyHex = await suppressionKeyHex(ctx.deps.vault, ctx.services.settings, db);
  const hmac = emailHasher(keyHex)(input.email);
  const at = ctx.now();
  const method = opts.method ?? 'registration_form';
  const language = input.language ?? opts.defaultLanguage ?? staffLanguage(ctx);

  const subscriptions: { list: MailingList; notice: Notice }[] = [
    { list: 'technical_advisories', notice: registrationNotice },
    { list: 'call_detail_reports', notice: registrationNotice },
  ];
  // A suppressed address gets marketing only because the box was ticked now: that tick is the new consent.
  if (marketingNotice) subscriptions.push({ list: 'email_marketing', notice: marketingNotice });

  const { accountId, reopened, emailId } = ctx.tx(() => {
    const existing = findAccountByEmail(db, input.email);
    let id: number;
    let reopen = false;
    if (existing) {
      if (existing.status !== 'cancelled' || input.reopenAccountId !== existing.id) throw alreadyRegistered(existing.id, existing.status === 'cancelled');
      reopenAccount(db, existing.id, { name: input.name, email: input.email, productId: product.id, language });
      shareReopen(db, existing.id, at);
      id = existing.id;
      reopen = true;
    } else {
      if (input.reopenAccountId !== undefined) {
        throw appError('register.reopen_mismatch', { accountId: input.reopenAccountId }, [fieldIssue('reopenAccountId', 'reopen_mismatch')]);
      }
      id = insertAccount(db, { name: input.name, email: input.email, productId: product.id, language, at, staffId: ctx.actor.staffId });
      shareNewAccount(db, id, at);
    }

    const lifted: MailingList[] = [];
    for (const s of subscriptions) {
      recordConsent(db, {
        accountId: id,
        list: s.list,
        action: 'subscribe',
        method,
        cause: reopen ? 'account_reopened' : 'direct',
        note: opts.note ?? null,
        notice: s.notice,
        requestedOn: ctx.today(),
        at,
        staffId: ctx.actor.staffId,
        device: deviceOf(ctx),
      });
      if (liftSuppression(db, hmac, s.list, at)) lifted.push(s.list);
    }

    const mailId = randomUUID();
    const mail = registrationMail(ctx.deps.resourcesDir, language, {
      accountNumber: findAccount(db, id)!.number ?? String(id),
      name: input.name,
      email: input.email,
      product: product.name,
      lists: subscriptions.map((s) => s.list),
    });
    enqueueMail(db, { id: mailId, kind: 'registration', accountId: id, to: input.email, subject: mail.subject, body: mail.body, at });

    ctx.audit({
      action: reopen ? 'customers.reopen' : 'customers.register',
      subjectType: 'account',
      subjectId: id,
      details: { productId: product.id, method, language, lists: subscriptions.map((s) => s.list), suppressionLifted: lifted, mailId, ...opts.auditDetails },
    });
    return { accountId: id, reopened: reopen, emailId: mailId };
  });

  ctx.services.mail.kick();
  return { outcome: 'registered', account: accountDetail(db, accountId), reopened, emailId };
}
