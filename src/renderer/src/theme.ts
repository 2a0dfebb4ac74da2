import { createTheme, DEFAULT_THEME, type CSSVariablesResolver, type MantineColor, type MantineColorsTuple } from '@mantine/core';

type Shades = Partial<Record<0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9, string>>;

/** One of Mantine's palettes with some shades replaced. */
function palette(name: MantineColor, shades: Shades): MantineColorsTuple {
  const base = DEFAULT_THEME.colors[name]!;
  return base.map((c, i) => shades[i as keyof Shades] ?? c) as unknown as MantineColorsTuple;
}

/**
 * Mantine's palette, adjusted where it falls short of WCAG AA on white:
 * - grey 4 (the border of every input, checkbox, radio and select) reaches 3:1, grey 5 and 6 are
 *   moved down with it, and grey 6 (secondary text) reaches 4.5:1 on white and on grey 0 and 1;
 * - the darkest shade of teal, green, yellow and orange is deepened so a light badge or alert
 *   (shade 9 text on shade 0 or 1) reads at 4.5:1 like the other colours already do.
 * test/unit/theme-contrast.test.ts checks every pairing from these values.
 */
const colors = {
  gray: palette('gray', { 4: '#858c93', 5: '#767d85', 6: '#676e75' }),
  teal: palette('teal', { 9: '#087050' }),
  green: palette('green', { 9: '#1f6f2c' }),
  yellow: palette('yellow', { 9: '#7f4d00' }),
  orange: palette('orange', { 9: '#a83a0a' }),
};

/** The colours a light badge or alert may take (StatusBadge's tones use these). */
export const LIGHT_VARIANT_COLORS = ['indigo', 'blue', 'teal', 'green', 'yellow', 'orange', 'red', 'gray', 'grape', 'cyan'] as const;

/**
 * The app's own values of Mantine's CSS variables in the light scheme (the only scheme it uses):
 * placeholders as dark as secondary text, errors in red 9, links in the primary shade, and light
 * variants one step lighter (shade 0, shade 1 on hover) so their shade 9 text stays at 4.5:1.
 */
export function lightOverrides(): Record<string, string> {
  const vars: Record<string, string> = {
    '--mantine-color-placeholder': 'var(--mantine-color-gray-6)',
    '--mantine-color-error': 'var(--mantine-color-red-9)',
    '--mantine-color-anchor': 'var(--mantine-color-indigo-8)',
    '--mantine-primary-color-light': 'var(--mantine-color-indigo-0)',
    '--mantine-primary-color-light-hover': 'var(--mantine-color-indigo-1)',
  };
  for (const c of LIGHT_VARIANT_COLORS) {
    vars[`--mantine-color-${c}-light`] = `var(--mantine-color-${c}-0)`;
    vars[`--mantine-color-${c}-light-hover`] = `var(--mantine-color-${c}-1)`;
  }
  return vars;
}

export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: lightOverrides(),
  dark: {},
});

/** Calm back-office look: neutral greys, one restrained accent, comfortable density. */
export const theme = createTheme({
  primaryColor: 'indigo',
  // Filled buttons and the focus ring use shade 8: white on it is 5.7:1 (shade 6 is 4.3:1).
  primaryShade: 8,
  colors,
  // The ring shows on keyboard focus (theme.css adds it to text fields while typing).
  focusRing: 'auto',
  defaultRadius: 'md',
  fontFamily: 'Inter, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  headings: { fontWeight: '600' },
  components: {
    Button: { defaultProps: { size: 'sm' } },
    TextInput: { defaultProps: { size: 'sm' } },
    // The show-password button is reached with Tab like any other control.
    PasswordInput: { defaultProps: { visibilityToggleFocusable: true } },
    // A close button says what it does; Mantine's own has no accessible name.
    // A dialog's header is part of the dialog, not a second banner landmark beside the app's own.
    Modal: { defaultProps: { closeButtonProps: { 'aria-label': 'Close' }, attributes: { header: { role: 'none' } } } },
    Drawer: { defaultProps: { closeButtonProps: { 'aria-label': 'Close' }, attributes: { header: { role: 'none' } } } },
  },
});
