import type { MainFeature } from '../context';
import { productsHandlers } from './handlers';

export const productsMain = { handlers: productsHandlers, jobs: {} } satisfies MainFeature<'products'>;
