import { describe, expect, it } from 'vitest';
import { longText, requiredText, text } from '../../src/shared/fields';

const LONE_HIGH = 'Ann\uD83Da';
const LONE_LOW = '\uDE00Ann';
const message = (r: { success: boolean; error?: { issues: { message: string }[] } }) => (r.success ? null : r.error!.issues[0]!.message);

describe('text fields', () => {
  it('refuse unpaired surrogates with a clear message, and keep paired ones (emoji)', () => {
    for (const schema of [text('Name'), requiredText('Name'), longText('Note')]) {
      for (const bad of [LONE_HIGH, LONE_LOW, 'x\uDBFF', '\uDC00']) expect(message(schema.safeParse(bad)), JSON.stringify(bad)).toMatch(/broken character/);
      expect(schema.safeParse('Ann 😀 Öberg').success).toBe(true);
    }
  });

  it('refuse control characters, including C1 controls', () => {
    for (const bad of ['a\u0000b', 'a\u0007b', 'a\u001bb', 'a\u007fb', 'a\u0085b', 'a\u009bb']) {
      expect(message(text('Name').safeParse(bad)), JSON.stringify(bad)).toMatch(/Name cannot contain/);
      expect(message(longText('Note').safeParse(bad)), JSON.stringify(bad)).toMatch(/Note cannot contain control characters/);
    }
  });

  it('single-line fields refuse line breaks and tabs; multi-line fields keep them as written', () => {
    for (const bad of ['a\nb', 'a\r\nb', 'a\rb', 'a\tb', 'a\u2028b']) expect(message(text('City').safeParse(bad)), JSON.stringify(bad)).toMatch(/line breaks/);
    const note = 'First line\r\nsecond\n\tindented\u2028end';
    expect(longText('Note').parse(note)).toBe(note);
  });
});
