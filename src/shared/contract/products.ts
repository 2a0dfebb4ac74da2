import { z } from 'zod';
import { channel, feature } from './define';
import { id, requiredText } from '../fields';

export interface Product {
  id: number;
  name: string;
  /** Retired products stay on existing accounts but cannot be chosen for new registrations. */
  active: boolean;
}

export const productName = requiredText('Product name', 100);

export const createProductInput = z.object({ name: productName }).strict();
export const updateProductInput = z.object({ id, name: productName, active: z.boolean() }).strict();

export const productsFeature = feature('products', {
  channels: {
    /** Product names are not personal data: every signed-in user may list them. */
    'products.list': channel<Product[]>()('signed_in', z.object({ includeRetired: z.boolean().default(false) }).strict()),
    'products.create': channel<Product>()('products.manage', createProductInput),
    'products.update': channel<Product>()('products.manage', updateProductInput),
  },
});
