import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';

/** The argument names a message uses ({name}, {count, plural, …}), nested ones included. */
export function argumentsOf(message: string): Set<string> {
  const out = new Set<string>();
  const walk = (elements: MessageFormatElement[]) => {
    for (const el of elements) {
      if (el.type === TYPE.argument || el.type === TYPE.number || el.type === TYPE.date || el.type === TYPE.time) out.add(el.value);
      if (el.type === TYPE.plural || el.type === TYPE.select) {
        out.add(el.value);
        for (const option of Object.values(el.options)) walk(option.value);
      }
      if (el.type === TYPE.tag) walk(el.children);
    }
  };
  walk(parse(message));
  return out;
}

/**
 * What is wrong between a source catalogue and a translation: keys missing on either side, messages
 * that are not valid ICU, and arguments the translation uses that the source does not give.
 */
export function catalogueProblems(source: Record<string, string>, translation: Record<string, string>): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(source)) if (!(key in translation)) problems.push(`missing in translation: ${key}`);
  for (const key of Object.keys(translation)) if (!(key in source)) problems.push(`missing in source: ${key}`);
  for (const [key, message] of Object.entries(translation)) {
    if (!(key in source)) continue;
    let theirs: Set<string>;
    let ours: Set<string>;
    try {
      ours = argumentsOf(source[key]!);
      theirs = argumentsOf(message);
    } catch (e) {
      problems.push(`not valid ICU: ${key} (${e instanceof Error ? e.message : String(e)})`);
      continue;
    }
    for (const a of theirs) if (!ours.has(a)) problems.push(`unknown argument {${a}} in translation of ${key}`);
  }
  return problems;
}
