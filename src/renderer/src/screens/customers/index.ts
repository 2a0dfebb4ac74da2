import type { ScreenDef } from '../screen-def';
import { RegisterScreen } from './RegisterScreen';
import { AccountsScreen } from './AccountsScreen';

export const customersScreens: readonly ScreenDef[] = [
  { id: 'register', label: 'Register customer', group: 'Customers', permission: 'customers.register', component: RegisterScreen },
  { id: 'accounts', label: 'Accounts', group: 'Customers', permission: 'customers.read', component: AccountsScreen },
];
