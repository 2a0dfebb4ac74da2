import type { z } from 'zod';
import type { Permission } from '../roles';

/**
 * Who may call a channel:
 * - 'public': no session needed (start-up status, sign-in, first run);
 * - 'signed_in': any signed-in staff member, whatever the role;
 * - a Permission from the role matrix.
 */
export type Access = 'public' | 'signed_in' | Permission;

export interface Channel<I extends z.ZodType = z.ZodType, O = unknown, A extends Access = Access> {
  readonly access: A;
  readonly input: I;
  /** Phantom: carries the result type for the preload and renderer. Never set at run time. */
  readonly output?: O;
}

/** `channel<Result>()(access, inputSchema)`: the result type is explicit, the input type is inferred. */
export const channel =
  <O>() =>
  <A extends Access, I extends z.ZodType>(access: A, input: I): Channel<I, O, A> => ({ access, input });
