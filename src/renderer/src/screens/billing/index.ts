import type { ScreenDef } from '../screen-def';
import { BillingScreen } from './BillingScreen';

export const billingScreens: readonly ScreenDef[] = [
  { id: 'billing', label: 'Billing', group: 'Customers', permission: 'billing.read', component: BillingScreen },
];
