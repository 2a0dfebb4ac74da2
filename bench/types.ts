/** One measured figure. Every figure is taken side by side with a plain baseline in the same run. */
export interface BenchFigure {
  /** JSON key, e.g. 'commit_p99_ms'. */
  key: string;
  value: number;
  unit: string;
  /** What the plain better-sqlite3 (or other plain) baseline measured in the same run. */
  baseline?: { label: string; value: number };
  /** Human-readable target, e.g. '<= 1'. Checked by the runner: a miss is reported, not hidden. */
  target?: { op: '<=' | '>='; value: number };
  note?: string;
}

export interface BenchModule {
  /** Section title in the printed table. */
  title: string;
  run(opts: { quick: boolean; log: (line: string) => void }): Promise<BenchFigure[]>;
}
