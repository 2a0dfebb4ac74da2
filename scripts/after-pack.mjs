// electron-builder afterPack hook: flips the fuses (scripts/fuses.mjs) in the packed Electron
// binary, before any signing.
import { flipFuses } from '@electron/fuses';
import { electronBinaryIn, fuseConfig } from './fuses.mjs';

export default async function afterPack(context) {
  const platform = context.electronPlatformName;
  const binary = electronBinaryIn(context.appOutDir, platform, context.packager.appInfo.productFilename, context.packager.executableName);
  // An unsigned arm64 Mac build needs a fresh ad-hoc signature after the binary changed.
  const resetAdHocDarwinSignature = platform === 'darwin' && !process.env.CSC_LINK && !process.env.CSC_NAME;
  await flipFuses(binary, fuseConfig({ resetAdHocDarwinSignature }));
  process.stdout.write(`[after-pack] fuses flipped in ${binary}\n`);
}
