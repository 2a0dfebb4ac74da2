import { appError, fieldIssue } from '../../shared/errors';
import type { Ctx, FeatureHandlers } from '../context';
import { findProduct, findProductByName, insertProduct, listProducts, updateProduct } from './repo';

function nameTaken(ctx: Ctx, name: string, exceptId: number | null): void {
  const other = findProductByName(ctx.stores.customers, name);
  if (other && other.id !== exceptId) {
    throw appError('products.name_taken', { name: other.name }, [fieldIssue('name', 'product_name_taken')]);
  }
}

export const productsHandlers = {
  'products.list': (ctx, input) => listProducts(ctx.stores.customers, input.includeRetired),

  'products.create': (ctx, input) => {
    const id = ctx.tx(() => {
      nameTaken(ctx, input.name, null);
      const productId = insertProduct(ctx.stores.customers, input.name, ctx.now());
      ctx.audit({ action: 'products.create', subjectType: 'product', subjectId: productId });
      return productId;
    });
    return findProduct(ctx.stores.customers, id)!;
  },

  'products.update': (ctx, input) => {
    ctx.tx(() => {
      const before = findProduct(ctx.stores.customers, input.id);
      if (!before) throw appError('products.not_found');
      nameTaken(ctx, input.name, input.id);
      if (before.name === input.name && before.active === input.active) return;
      updateProduct(ctx.stores.customers, input.id, input, ctx.now());
      ctx.audit({ action: 'products.update', subjectType: 'product', subjectId: input.id, details: { renamed: before.name !== input.name, active: input.active } });
    });
    return findProduct(ctx.stores.customers, input.id)!;
  },
} satisfies FeatureHandlers<'products'>;
