import type { ScreenDef } from '../screen-def';
import { RegisterScreen } from './RegisterScreen';
import { AccountsScreen } from './AccountsScreen';

export const customersScreens: readonly ScreenDef[] = [
  { id: 'register', label: 'nav.register', group: 'customers', permission: 'customers.register', component: RegisterScreen },
  { id: 'accounts', label: 'nav.accounts', group: 'customers', permission: 'customers.read', component: AccountsScreen },
];
