export function runtimeImports(outMainDir: string): Set<string>;
export function dependencyClosure(lock: { packages: Record<string, { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> }> }, roots: Iterable<string>): Set<string>;
export const DYNAMIC_IMPORTS: string[];
export function excludedPackages(root: string, outMainDir: string): string[];
