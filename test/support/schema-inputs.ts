import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Canary } from './canaries';

/**
 * Best-effort plausible inputs built from a channel's zod schema (through its JSON Schema), with
 * canaries in every free-text field. Used by the at-rest test to write through every channel a
 * feature adds, without knowing the feature. Cross-field rules and references to records that do
 * not exist will make some calls fail; that is expected and fine.
 */

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  minItems?: number;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  default?: unknown;
}

const DATE = /\\d\{4\}-\\d\{2\}-\\d\{2\}/;

export interface SampleOptions {
  canary: Canary;
  /** Today's date (YYYY-MM-DD) for date fields that are not birth dates. */
  today: string;
}

function fit(value: string, s: JsonSchema): string {
  let v = value;
  while (s.minLength !== undefined && v.length < s.minLength) v += value;
  if (s.maxLength !== undefined && v.length > s.maxLength) v = v.slice(0, s.maxLength);
  return v;
}

function sampleString(s: JsonSchema, key: string, o: SampleOptions): string {
  const k = key.toLowerCase();
  if (s.format === 'uuid') return randomUUID();
  if (s.format === 'email' || k.includes('email')) return `${o.canary(`${key} (generated)`, 'alnum', 'unchecked')}@example.test`;
  if (s.format === 'uri' || s.format === 'url' || k.includes('url')) return `https://example.test/${o.canary(`${key} (generated)`, 'alnum', 'unchecked')}`;
  if ((s.pattern && DATE.test(s.pattern)) || s.format === 'date') return k.includes('birth') ? '1990-05-17' : o.today;
  if (k.includes('phone') || (s.pattern && s.pattern.includes('0-9 ()'))) return `+358 ${o.canary(`${key} (generated)`, 'digits', 'unchecked').slice(0, 9)}`;
  if (k.includes('password')) return 'generated password 123';
  const letters = /name|title|company|city|country/.test(k);
  return fit(`${o.canary(`${key} (generated)`, letters ? 'letters' : 'alnum', 'unchecked')}`, s);
}

function sampleNumber(s: JsonSchema, key: string): number {
  if (/(^id$|Id$|Ids$)/.test(key)) return 1;
  let n = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : 1);
  if (s.maximum !== undefined && n > s.maximum) n = s.maximum;
  return n;
}

function sample(s: JsonSchema, key: string, o: SampleOptions): unknown {
  if (s.const !== undefined) return s.const;
  if (s.enum && s.enum.length) return s.enum[0];
  const options = s.anyOf ?? s.oneOf;
  if (options?.length) {
    // Prefer an option that is not an empty-string or null placeholder.
    const real = options.find((x) => x.const === undefined && x.type !== 'null') ?? options[0]!;
    return sample(real, key, o);
  }
  if (s.allOf?.length) return sample(s.allOf[0]!, key, o);
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  switch (type) {
    case 'object':
      return Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, sample(v, k, o)]));
    case 'array': {
      const n = Math.max(1, s.minItems ?? 1);
      return Array.from({ length: n }, () => sample(s.items ?? { type: 'string' }, key, o));
    }
    case 'string':
      return sampleString(s, key, o);
    case 'integer':
    case 'number':
      return sampleNumber(s, key);
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return s.default ?? sampleString({}, key, o);
  }
}

/** A plausible input for `schema`, or null when the schema cannot be described as JSON Schema. */
export function sampleInput(schema: z.ZodType, o: SampleOptions): unknown {
  let json: JsonSchema;
  try {
    json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  } catch {
    return null;
  }
  return sample(json, '', o);
}
