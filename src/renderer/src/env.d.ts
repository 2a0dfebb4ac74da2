import type { Api } from '../../shared/contract';

declare global {
  interface Window {
    /** Exposed by the preload (Electron) or the test bridge (browser). The only way to the core. */
    readonly api: Api;
  }
}


export {};
