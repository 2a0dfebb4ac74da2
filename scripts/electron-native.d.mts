export const DESKTOP_NODE: string;
export function nodeSupportsDesktop(version: string): boolean;
export function repoRootOf(moduleUrl: string, options?: { windows?: boolean }): string;
export function nativeStamp(input: { electronVersion: string; modules: Record<string, string>; platform: string; arch: string }): string;
export function copyFilter(moduleDir: string): (src: string) => boolean;
