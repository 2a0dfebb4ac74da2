import type { BenchFigure } from '../types';
import { round } from './stats';

/** A time figure with its same-run baseline. */
export function timeFigure(key: string, value: number, baseline: { label: string; value: number }, extra: Partial<BenchFigure> = {}): BenchFigure {
  return { key, value: round(value), unit: 'ms', baseline: { label: baseline.label, value: round(baseline.value) }, ...extra };
}

/** A ratio figure (app over plain); its baseline is 1 by definition, the note says what was divided. */
export function ratioFigure(key: string, app: number, plain: number, extra: Partial<BenchFigure> = {}): BenchFigure {
  return { key, value: round(app / plain, 3), unit: 'x', ...extra };
}

/** A figure of the plain baseline itself, reported under its own key for the JSON. */
export function plainFigure(key: string, value: number, unit = 'ms', extra: Partial<BenchFigure> = {}): BenchFigure {
  return { key, value: round(value), unit, ...extra };
}
