import type { z } from 'zod';
import type { FeatureName } from '../features';
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
  /**
   * Top-level input fields too large to scan for card numbers on the main thread (an import file):
   * dispatch leaves them out of its check, and the channel's background job must refuse a card
   * number in them, before it writes anything, with the same error.
   */
  readonly cardCheckInJob?: readonly string[];
  /** Phantom: carries the result type for the preload and renderer. Never set at run time. */
  readonly output?: O;
}

/** `channel<Result>()(access, inputSchema)`: the result type is explicit, the input type is inferred. */
export const channel =
  <O>() =>
  <A extends Access, I extends z.ZodType>(access: A, input: I, opts: { cardCheckInJob?: readonly (keyof z.output<I> & string)[] } = {}): Channel<I, O, A> =>
    opts.cardCheckInJob ? { access, input, cardCheckInJob: opts.cardCheckInJob } : { access, input };

/**
 * A kind of background job (run in a worker thread with its own connections).
 * - params: what the main thread hands the worker (checked by the worker before it starts);
 * - output: what the worker hands back (checked by the main thread);
 * - result: what the renderer reads as the finished job's result (JobStatus.result). It is the
 *   output unless the feature's main side turns one into the other when the job is done.
 */
export interface JobDef<P extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType> {
  readonly params: P;
  readonly output: O;
  readonly result: R;
}

export function job<P extends z.ZodType, R extends z.ZodType>(def: { params: P; result: R }): JobDef<P, R, R>;
export function job<P extends z.ZodType, O extends z.ZodType, R extends z.ZodType>(def: { params: P; output: O; result: R }): JobDef<P, O, R>;
export function job(def: { params: z.ZodType; output?: z.ZodType; result: z.ZodType }): JobDef {
  return { params: def.params, output: def.output ?? def.result, result: def.result };
}

/** Names that start with the feature's prefix; any other key is typed `never` and refused. */
type Prefixed<F extends string, T> = { [K in keyof T]: K extends `${F}.${string}` ? T[K] : never };

/** One feature's side of the contract: its channels and its background jobs, all named `<feature>.…`. */
export interface FeatureContract<F extends FeatureName = FeatureName> {
  readonly name: F;
  readonly channels: Record<`${F}.${string}`, Channel>;
  readonly jobs: Record<`${F}.${string}`, JobDef>;
}

/** Declares a feature's contract; a channel or job named outside the feature's prefix does not type-check. */
export function feature<F extends FeatureName, C extends Record<string, Channel>, J extends Record<string, JobDef> = Record<never, JobDef>>(
  name: F,
  def: { channels: C & Prefixed<F, C>; jobs?: J & Prefixed<F, J> },
): { readonly name: F; readonly channels: C; readonly jobs: J } {
  for (const key of [...Object.keys(def.channels), ...Object.keys(def.jobs ?? {})]) {
    if (!key.startsWith(`${name}.`)) throw new Error(`${key} is declared in feature ${name}`);
  }
  return { name, channels: def.channels, jobs: (def.jobs ?? {}) as J };
}
