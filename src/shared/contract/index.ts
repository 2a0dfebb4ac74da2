import type { z } from 'zod';
import type { Result } from '../errors';
import { FEATURES, type FeatureName } from '../features';
import type { Channel, FeatureContract, JobDef } from './define';
import { appFeature } from './app';
import { auditFeature } from './audit';
import { authFeature } from './auth';
import { billingFeature } from './billing';
import { boothFeature } from './booth';
import { customersFeature } from './customers';
import { dsrFeature } from './dsr';
import { entriesFeature } from './entries';
import { eventsFeature } from './events';
import { exportsFeature } from './exports';
import { jobsFeature } from './jobs';
import { kioskFeature } from './kiosk';
import { leadsFeature } from './leads';
import { notesFeature } from './notes';
import { optoutsFeature } from './optouts';
import { outboxFeature } from './outbox';
import { productsFeature } from './products';
import { reportsFeature } from './reports';
import { settingsFeature } from './settings';
import { staffFeature } from './staff';
import { syncFeature } from './sync';

/** Every feature's contract, by the names of src/shared/features.ts; a missing one does not type-check. */
export const FEATURE_CONTRACTS = {
  booth: boothFeature,
  kiosk: kioskFeature,
  events: eventsFeature,
  entries: entriesFeature,
  customers: customersFeature,
  optouts: optoutsFeature,
  outbox: outboxFeature,
  leads: leadsFeature,
  notes: notesFeature,
  billing: billingFeature,
  reports: reportsFeature,
  exports: exportsFeature,
  dsr: dsrFeature,
  staff: staffFeature,
  audit: auditFeature,
  products: productsFeature,
  settings: settingsFeature,
  sync: syncFeature,
  app: appFeature,
  auth: authFeature,
  jobs: jobsFeature,
} satisfies { [F in FeatureName]: FeatureContract<F> };

type Features = typeof FEATURE_CONTRACTS;
type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;

export type Contract = UnionToIntersection<Features[FeatureName]['channels']>;
export type JobContract = UnionToIntersection<Features[FeatureName]['jobs']>;

/** Joins the features' tables in list order. The prefixes keep names apart; a repeat is a start-up error. */
function joinTables<T>(part: (f: FeatureName) => Record<string, T>): Record<string, T> {
  const joined: Record<string, T> = {};
  for (const f of FEATURES) {
    for (const [name, def] of Object.entries(part(f))) {
      if (Object.prototype.hasOwnProperty.call(joined, name)) throw new Error(`${name} is defined twice`);
      joined[name] = def;
    }
  }
  return joined;
}

/**
 * Every IPC channel of the app, exactly once. The preload, the Electron adapter, the test bridge
 * and the dispatcher are all driven by this table.
 */
export const contract = joinTables<Channel>((f) => FEATURE_CONTRACTS[f].channels) as Contract;
/** Every kind of background job, exactly once. The worker and the renderer's job views read it. */
export const jobContract = joinTables<JobDef>((f) => FEATURE_CONTRACTS[f].jobs) as JobContract;

export type ChannelName = keyof Contract;
export type InputOf<K extends ChannelName> = z.input<Contract[K]['input']>;
export type ParsedInputOf<K extends ChannelName> = z.output<Contract[K]['input']>;
export type OutputOf<K extends ChannelName> = Exclude<Contract[K]['output'], undefined>;

export type JobKind = keyof JobContract;
/** What the main thread hands the worker of a job of this kind. */
export type JobParams<K extends JobKind> = z.input<JobContract[K]['params']>;
export type ParsedJobParams<K extends JobKind> = z.output<JobContract[K]['params']>;
/** What the worker hands back. */
export type JobOutput<K extends JobKind> = z.output<JobContract[K]['output']>;
/** What the renderer reads as the finished job's result. */
export type JobResult<K extends JobKind> = z.output<JobContract[K]['result']>;

export const CHANNEL_NAMES = Object.keys(contract) as ChannelName[];
export const JOB_KINDS = Object.keys(jobContract) as JobKind[];

export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}

export function isJobKind(name: unknown): name is JobKind {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(jobContract, name);
}

/**
 * A job's params, output or result checked against its kind's schema. The schema is looked up by a
 * name known only at run time, which the compiler cannot follow: this is the one place that says
 * the lookup and the type agree.
 */
function parseJobPart<K extends JobKind, P extends keyof JobDef>(kind: K, part: P, value: unknown): z.output<JobContract[K][P]> {
  const schema: z.ZodType = jobContract[kind][part];
  return schema.parse(value) as z.output<JobContract[K][P]>;
}
export const parseJobParams = <K extends JobKind>(kind: K, value: unknown): ParsedJobParams<K> => parseJobPart(kind, 'params', value);
export const parseJobOutput = <K extends JobKind>(kind: K, value: unknown): JobOutput<K> => parseJobPart(kind, 'output', value);
export const parseJobResult = <K extends JobKind>(kind: K, value: unknown): JobResult<K> => parseJobPart(kind, 'result', value);

type Split<S extends string> = S extends `${infer F}.${infer V}` ? [F, V] : never;

/** The renderer's view: `window.api.customers.register(input)`. */
export type Api = {
  [F in FeatureName]: {
    [K in ChannelName as Split<K>[0] extends F ? Split<K>[1] : never]: (input: InputOf<K>) => Promise<Result<OutputOf<K>>>;
  };
};
