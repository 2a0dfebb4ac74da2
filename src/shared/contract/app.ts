import { z } from 'zod';
import { channel, feature } from './define';
import { empty } from '../fields';

export type StoreProblem = 'no_keychain' | 'key_missing' | 'wrong_key' | 'corrupt' | 'future_version' | 'io';

export interface StoreFailure {
  store: 'customers' | 'contests';
  problem: StoreProblem;
  /** What happened, in words a user can act on. */
  message: string;
  /** What to do next. */
  action: string;
}

export type AppStatus =
  | { state: 'store_error'; failure: StoreFailure }
  | { state: 'first_run' }
  | { state: 'ready' };

export interface AboutInfo {
  policyMarkdown: string;
  policyVersion: string;
  contact: { email: string; phone: string };
  appVersion: string;
}

export const appFeature = feature('app', {
  channels: {
    'app.status': channel<AppStatus>()('public', empty),
    'app.about': channel<AboutInfo>()('public', empty),
    'app.openExternal': channel<null>()('public', z.object({ url: z.url({ protocol: /^(https|mailto|tel)$/, error: 'Only https, mailto and tel links can be opened.' }) }).strict()),
  },
});
