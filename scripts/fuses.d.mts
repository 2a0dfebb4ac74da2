import type { FuseConfig, FuseV1Options } from '@electron/fuses';
export const FUSES: readonly (readonly [FuseV1Options, boolean])[];
export function fuseConfig(opts?: { resetAdHocDarwinSignature?: boolean }): FuseConfig;
export function electronBinaryIn(appOutDir: string, platform: string, productFilename: string, executableName: string): string;
