import type { z } from 'zod';
import type { Result } from '../errors';
import type { Channel } from './define';
import { appChannels } from './app';
import { exportsChannels } from './exports';
import { reportsChannels } from './reports';
import { auditChannels } from './audit';
import { authChannels } from './auth';
import { boothChannels } from './booth';
import { productsChannels } from './products';
import { customersChannels } from './customers';
import { optoutsChannels } from './optouts';
import { outboxChannels } from './outbox';
import { jobsChannels } from './jobs';
import { settingsChannels } from './settings';
import { staffChannels } from './staff';
import { leadsChannels } from './leads';
import { notesChannels } from './notes';
import { billingChannels } from './billing';
import { dsrChannels } from './dsr';
import { syncChannels } from './sync';

type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;

/** Joins the feature tables; a channel name defined twice is a start-up error, not a silent override. */
function mergeChannels<T extends Record<string, Channel>[]>(...groups: T): UnionToIntersection<T[number]> {
  const merged: Record<string, Channel> = {};
  for (const group of groups) {
    for (const [name, def] of Object.entries(group)) {
      if (Object.prototype.hasOwnProperty.call(merged, name)) throw new Error(`IPC channel ${name} is defined twice`);
      merged[name] = def;
    }
  }
  return merged as UnionToIntersection<T[number]>;
}

/**
 * Every IPC channel of the app, exactly once. The preload, the Electron adapter, the test bridge
 * and the dispatcher are all driven by this table.
 */
export const contract = mergeChannels(
  appChannels,
  exportsChannels,
  reportsChannels,
  authChannels,
  staffChannels,
  auditChannels,
  settingsChannels,
  jobsChannels,
  boothChannels,
  productsChannels,
  customersChannels,
  optoutsChannels,
  outboxChannels,
  leadsChannels,
  notesChannels,
  billingChannels,
  dsrChannels,
  syncChannels,
);

export type Contract = typeof contract;
export type ChannelName = keyof Contract;
export type InputOf<K extends ChannelName> = z.input<Contract[K]['input']>;
export type ParsedInputOf<K extends ChannelName> = z.output<Contract[K]['input']>;
export type OutputOf<K extends ChannelName> = Exclude<Contract[K]['output'], undefined>;

export const CHANNEL_NAMES = Object.keys(contract) as ChannelName[];

export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}

type Split<S extends string> = S extends `${infer F}.${infer V}` ? [F, V] : never;
type Feature = Split<ChannelName>[0];

/** The renderer's view: `window.api.customers.register(input)`. */
export type Api = {
  [F in Feature]: {
    [K in ChannelName as Split<K>[0] extends F ? Split<K>[1] : never]: (input: InputOf<K>) => Promise<Result<OutputOf<K>>>;
  };
};
