export function updateFeedUrl(env: Record<string, string | undefined>): string | null;
export function signingPlan(env: Record<string, string | undefined>): {
  mac: { identity?: null; notarize: boolean };
  win: Record<string, never>;
  updateFeedUrl: string | null;
  messages: string[];
};
