import type { SyncFlaggedRecord } from '../../../../shared/contract/sync';
import type { Translate } from '../../i18n';

/**
 * What a flagged record is, in words: a replicated record change is named by its table, a batch of
 * an import's opt-outs says how many it holds.
 */
export function flaggedKindText(t: Translate, r: Pick<SyncFlaggedRecord, 'kind' | 'table' | 'changes'>): string {
  if (r.kind === 'record' && r.table !== null) return t(`sync.recordTable.${r.table}`);
  if (r.kind === 'suppression' && r.changes > 1) return t('sync.recordKind.suppressionBatch', { count: r.changes });
  return t(`sync.recordKind.${r.kind}`);
}

/**
 * What happened to a flagged record and what to do, in the user's language. A refusal is worded
 * from the hub's code; one refused before codes were kept has only the hub's own (English) words,
 * which the screen shows beside this.
 */
export function flaggedProblemText(t: Translate, r: Pick<SyncFlaggedRecord, 'status' | 'code'>): string {
  switch (r.status) {
    case 'conflict':
      return t('sync.flagged.conflictText');
    case 'refused':
      return r.code === null ? t('sync.flagged.refusedText') : t(`sync.refusal.${r.code}`);
  }
}
