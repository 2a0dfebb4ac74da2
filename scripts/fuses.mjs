// The Electron fuses of the packaged app, flipped after packing (scripts/after-pack.mjs) and
// checked by the packaging test. One list: a fuse added here is flipped and checked.
import { FuseV1Options, FuseVersion } from '@electron/fuses';

/** [fuse, wanted state] */
export const FUSES = [
  // The app binary never runs as plain Node (ELECTRON_RUN_AS_NODE).
  [FuseV1Options.RunAsNode, false],
  // NODE_OPTIONS and --inspect cannot inject code into the app.
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable, false],
  [FuseV1Options.EnableNodeCliInspectArguments, false],
  // Only the signed app.asar is loaded, and its integrity is checked where Electron supports it.
  [FuseV1Options.OnlyLoadAppFromAsar, true],
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation, true],
  // Cookies and other Chromium storage are encrypted with an OS-held key.
  [FuseV1Options.EnableCookieEncryption, true],
  // file:// gets no more rights than a web page (the app is served from app://).
  [FuseV1Options.GrantFileProtocolExtraPrivileges, false],
];

/** The config for flipFuses. */
export function fuseConfig({ resetAdHocDarwinSignature = false } = {}) {
  return { version: FuseVersion.V1, resetAdHocDarwinSignature, ...Object.fromEntries(FUSES) };
}

/** The Electron binary inside a packed app folder, as electron-builder lays it out. */
export function electronBinaryIn(appOutDir, platform, productFilename, executableName) {
  switch (platform) {
    case 'darwin':
    case 'mas':
      return `${appOutDir}/${productFilename}.app`;
    case 'win32':
      return `${appOutDir}/${productFilename}.exe`;
    default:
      return `${appOutDir}/${executableName}`;
  }
}
