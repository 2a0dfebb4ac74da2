/**
 * WCAG 2.1 AA contrast of the renderer's theme, computed from the values Mantine will put in its
 * CSS variables for this theme (palette, primary shade and the app's own overrides): text 4.5:1
 * (1.4.3), borders of controls and the focus ring 3:1 (1.4.11).
 */
import { DEFAULT_THEME, defaultCssVariablesResolver, luminance, mergeMantineTheme, toRgba } from '@mantine/core';
import { describe, expect, it } from 'vitest';
import { cssVariablesResolver, LIGHT_VARIANT_COLORS, theme } from '../../src/renderer/src/theme';

const merged = mergeMantineTheme(DEFAULT_THEME, theme);
const base = defaultCssVariablesResolver(merged);
const own = cssVariablesResolver(merged);
const vars: Record<string, string> = { ...base.variables, ...base.light, ...own.variables, ...own.light };

/** The colour a variable ends up as, following var(--x) references. */
function resolve(value: string): string {
  let v = value.trim();
  for (let depth = 0; depth < 10; depth++) {
    const ref = /^var\((--[\w-]+)\)$/.exec(v);
    if (!ref) return v;
    const next = vars[ref[1]!];
    if (next === undefined) throw new Error(`CSS variable ${ref[1]} is not defined by the theme`);
    v = next.trim();
  }
  throw new Error(`CSS variable chain too deep at ${value}`);
}

const color = (name: string) => resolve(`var(${name})`);

/** An opaque colour: a translucent one is laid over the page background first. */
function opaque(c: string): string {
  const { r, g, b, a } = toRgba(c);
  if (a >= 1) return `rgb(${r}, ${g}, ${b})`;
  const bg = toRgba(color('--mantine-color-body'));
  const mix = (fg: number, back: number) => Math.round(fg * a + back * (1 - a));
  return `rgb(${mix(r, bg.r)}, ${mix(g, bg.g)}, ${mix(b, bg.b)})`;
}

export function contrast(a: string, b: string): number {
  const la = luminance(opaque(a));
  const lb = luminance(opaque(b));
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

describe('contrast()', () => {
  it('gives the WCAG reference values', () => {
    expect(contrast('#000', '#fff')).toBeCloseTo(21, 5);
    expect(contrast('#fff', '#fff')).toBeCloseTo(1, 5);
    // Mantine's own grey 6 on white, the 3.3:1 secondary text axe reported.
    expect(contrast('#868e96', '#ffffff')).toBeCloseTo(3.32, 2);
  });
});

// Page backgrounds text sits on: the page, the lightest greys (table stripes, hovered rows, cards).
const SURFACES = ['--mantine-color-body', '--mantine-color-gray-0', '--mantine-color-gray-1'];

describe('theme text reaches 4.5:1', () => {
  const texts = ['--mantine-color-text', '--mantine-color-dimmed', '--mantine-color-error', '--mantine-color-placeholder', '--mantine-color-anchor'];
  for (const fg of texts) {
    for (const bg of SURFACES) {
      it(`${fg} on ${bg}`, () => {
        expect(contrast(color(fg), color(bg))).toBeGreaterThanOrEqual(4.5);
      });
    }
  }

  it('white on the primary filled button, and on its hover', () => {
    expect(contrast(color('--mantine-primary-color-contrast'), color('--mantine-primary-color-filled'))).toBeGreaterThanOrEqual(4.5);
    expect(contrast(color('--mantine-primary-color-contrast'), color('--mantine-primary-color-filled-hover'))).toBeGreaterThanOrEqual(4.5);
  });

  it('white on a red (danger) filled button, and on its hover', () => {
    expect(contrast('#fff', color('--mantine-color-red-filled'))).toBeGreaterThanOrEqual(4.5);
    expect(contrast('#fff', color('--mantine-color-red-filled-hover'))).toBeGreaterThanOrEqual(4.5);
  });

  it('text on the default button, and on its hover', () => {
    expect(contrast(color('--mantine-color-default-color'), color('--mantine-color-default'))).toBeGreaterThanOrEqual(4.5);
    expect(contrast(color('--mantine-color-default-color'), color('--mantine-color-default-hover'))).toBeGreaterThanOrEqual(4.5);
  });

  for (const c of LIGHT_VARIANT_COLORS) {
    it(`a light ${c} badge, alert or subtle button, at rest and hovered`, () => {
      const fg = color(`--mantine-color-${c}-light-color`);
      expect(contrast(fg, color(`--mantine-color-${c}-light`))).toBeGreaterThanOrEqual(4.5);
      expect(contrast(fg, color(`--mantine-color-${c}-light-hover`))).toBeGreaterThanOrEqual(4.5);
      expect(contrast(fg, color('--mantine-color-body'))).toBeGreaterThanOrEqual(4.5);
    });
  }

  it('the active navigation entry (primary light variant), at rest and hovered', () => {
    const fg = color('--mantine-primary-color-light-color');
    expect(contrast(fg, color('--mantine-primary-color-light'))).toBeGreaterThanOrEqual(4.5);
    expect(contrast(fg, color('--mantine-primary-color-light-hover'))).toBeGreaterThanOrEqual(4.5);
  });
});

describe('controls and focus reach 3:1', () => {
  for (const bg of SURFACES) {
    it(`input, checkbox and radio borders (grey 4) on ${bg}`, () => {
      expect(contrast(color('--mantine-color-gray-4'), color(bg))).toBeGreaterThanOrEqual(3);
      expect(contrast(color('--mantine-color-default-border'), color(bg))).toBeGreaterThanOrEqual(3);
    });
    it(`the focus ring (primary filled) on ${bg}`, () => {
      expect(contrast(color('--mantine-primary-color-filled'), color(bg))).toBeGreaterThanOrEqual(3);
    });
  }
});
