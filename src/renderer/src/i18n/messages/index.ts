import type { Language } from '../language';
import { en } from './en';
import { fi } from './fi';

export type MessageKey = keyof typeof en;

export const MESSAGES: Record<Language, Record<MessageKey, string>> = { en, fi };
