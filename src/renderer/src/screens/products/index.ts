import type { ScreenDef } from '../screen-def';
import { ProductsScreen } from './ProductsScreen';

export const productsScreens: readonly ScreenDef[] = [
  { id: 'products', label: 'nav.products', group: 'administration', permission: 'products.manage', component: ProductsScreen },
];
