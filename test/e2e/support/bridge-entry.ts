/**
 * Runs in the page before any app script (bundled to an IIFE and added as an init script).
 * Builds window.api with the SAME builder as the Electron preload, on top of one binding the test
 * process exposes. The binding is taken off the global object first, so the page sees exactly
 * what it would see under Electron: window.api and nothing else.
 */
import { buildApi, type Invoke } from '../../../src/shared/api';

const BINDING = '__ixoBridgeInvoke';

const g = globalThis as unknown as Record<string, unknown>;
const raw = g[BINDING] as ((channel: string, input: unknown) => Promise<unknown>) | undefined;
if (typeof raw !== 'function') throw new Error(`e2e bridge: the ${BINDING} binding is missing; expose it before adding the init script.`);
delete g[BINDING];

const invoke: Invoke = (channel, input) => raw(channel, input) as ReturnType<Invoke>;
Object.defineProperty(globalThis, 'api', { value: buildApi(invoke), enumerable: true, configurable: false, writable: false });
