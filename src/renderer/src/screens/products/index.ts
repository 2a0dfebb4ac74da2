import type { ScreenDef } from '../screen-def';
import { ProductsScreen } from './ProductsScreen';

export const productsScreens: readonly ScreenDef[] = [
  { id: 'products', label: 'Products', group: 'Administration', permission: 'products.manage', component: ProductsScreen },
];
