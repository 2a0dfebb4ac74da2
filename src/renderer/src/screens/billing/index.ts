import type { ScreenDef } from '../screen-def';
import { BillingScreen } from './BillingScreen';

export const billingScreens: readonly ScreenDef[] = [
  { id: 'billing', label: 'nav.billing', group: 'customers', permission: 'billing.read', component: BillingScreen },
];
