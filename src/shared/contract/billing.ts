import { z } from 'zod';
import { rule } from '../errors';
import { channel, feature } from './define';
import { id, requiredText, text } from '../fields';
import { emailField } from '../email';
import type { AccountStatus } from '../customers-lists';

/**
 * Billing details (policy 4): billing clerks only. A card is kept as its brand and last four
 * digits; a full card number is refused everywhere by the dispatcher before any handler runs.
 */

export const CARD_BRANDS = ['visa', 'mastercard', 'amex', 'diners', 'discover', 'jcb', 'unionpay', 'other'] as const;
export type CardBrand = (typeof CARD_BRANDS)[number];
export const CARD_BRAND_LABELS: Record<CardBrand, string> = {
  visa: 'Visa',
  mastercard: 'Mastercard',
  amex: 'American Express',
  diners: 'Diners Club',
  discover: 'Discover',
  jcb: 'JCB',
  unionpay: 'UnionPay',
  other: 'Other',
};

export interface BillingProfile {
  accountId: number;
  billingName: string;
  addressLine1: string;
  addressLine2: string | null;
  postalCode: string;
  city: string;
  country: string;
  card: { brand: CardBrand; last4: string } | null;
  updatedAt: string;
  updatedByName: string;
}

/** What a billing clerk sees of the customer: enough to know whose billing it is, nothing more. */
export interface BillingCustomer {
  accountId: number;
  name: string;
  email: string;
  status: AccountStatus;
  billing: BillingProfile | null;
}

export const cardLast4 = z
  .string({ error: 'Enter the last four digits of the card.' })
  .trim()
  .refine((v) => /^\d{4}$/.test(v), rule('card_last4'));

export const saveBillingInput = z
  .object({
    accountId: id,
    billingName: requiredText('Billing name', 200),
    addressLine1: requiredText('Street address', 200),
    addressLine2: text('Address line 2', 200).optional().transform((v) => (v ? v : null)),
    postalCode: requiredText('Postal code', 20),
    city: requiredText('City', 100),
    country: requiredText('Country', 100),
    /** Brand and last four digits go together: both or neither (no card on file). */
    card: z
      .object({
        brand: z.enum(CARD_BRANDS, { error: 'Choose the card brand.' }),
        last4: cardLast4,
      })
      .strict()
      .nullable(),
  })
  .strict();

export const billingFeature = feature('billing', {
  channels: {
    /** Finds a customer by email for billing; null when there is no account with that email. */
    'billing.find': channel<BillingCustomer | null>()('billing.read', z.object({ email: emailField }).strict()),
    'billing.get': channel<BillingCustomer>()('billing.read', z.object({ accountId: id }).strict()),
    'billing.save': channel<BillingCustomer>()('billing.write', saveBillingInput),
    'billing.remove': channel<null>()('billing.write', z.object({ accountId: id }).strict()),
  },
});
