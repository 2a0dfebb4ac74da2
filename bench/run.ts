/**
 * npm run bench                 readable tables, one section per module
 * npm run bench -- --json       exactly one JSON object on stdout (logs go to stderr)
 * npm run bench -- --quick      smaller sizes, for a smoke run
 * npm run bench -- --only text  only modules whose title contains "text" (case-insensitive)
 *
 * Figures are reported, not gated: a missed target is printed clearly but the exit code stays 0.
 * A module that throws is a broken benchmark, not a slow one: the others still run, and the exit
 * code is 1.
 */
import { format } from 'node:util';
import { modules } from './modules';
import { removeBenchDirs } from './support/db';
import type { BenchFigure, BenchModule } from './types';

interface Options {
  json: boolean;
  quick: boolean;
  only: string | null;
}

function parseArgs(argv: readonly string[]): Options {
  const opts: Options = { json: false, quick: false, only: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--json') opts.json = true;
    else if (a === '--quick') opts.quick = true;
    else if (a === '--only') {
      const v = argv[++i];
      if (!v) throw new Error('--only needs a value: part of a module title');
      opts.only = v;
    } else if (a.startsWith('--only=')) opts.only = a.slice('--only='.length);
    else if (a === '--help' || a === '-h') {
      process.stderr.write('usage: npm run bench -- [--json] [--quick] [--only <title substring>]\n');
      process.exit(0);
    } else throw new Error(`unknown argument ${a}; try --help`);
  }
  return opts;
}

interface Row {
  section: string;
  figure: BenchFigure;
  met: boolean | null;
}

const met = (f: BenchFigure): boolean | null => {
  if (!f.target) return null;
  if (!Number.isFinite(f.value)) return false;
  return f.target.op === '<=' ? f.value <= f.target.value : f.value >= f.target.value;
};

const num = (v: number): string => {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a === 0) return '0';
  if (a >= 1000) return v.toFixed(0);
  if (a >= 10) return v.toFixed(2);
  if (a >= 0.1) return v.toFixed(3);
  return v.toPrecision(3);
};

function table(section: string, rows: Row[]): string {
  const header = ['key', 'value', 'unit', 'baseline', 'ratio', 'target', 'status'];
  const body = rows.map(({ figure: f, met: m }) => [
    f.key,
    num(f.value),
    f.unit,
    f.baseline ? `${num(f.baseline.value)} (${f.baseline.label})` : '',
    f.baseline && f.baseline.value !== 0 ? `${num(f.value / f.baseline.value)}x` : '',
    f.target ? `${f.target.op} ${f.target.value}` : '',
    m === null ? '' : m ? 'met' : 'MISSED',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const right = new Set([1, 4]);
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (right.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const out = [`== ${section} ==`, line(header), widths.map((w) => '-'.repeat(w)).join('  ')];
  for (const r of body) out.push(line(r));
  const notes = rows.filter((r) => r.figure.note).map((r) => `  ${r.figure.key}: ${r.figure.note}`);
  if (notes.length) out.push('', ...notes);
  return `${out.join('\n')}\n`;
}

/** The real stdout, kept before --json mode points process.stdout.write at stderr. */
const stdoutWrite = process.stdout.write.bind(process.stdout);
const print = (text: string) => stdoutWrite(text);

async function main(): Promise<number> {
  const opts = parseArgs(process.argv.slice(2));
  const err = (line: string) => process.stderr.write(`${line}\n`);

  // In --json mode stdout carries exactly one JSON object: anything a module or the core prints,
  // through console or straight to process.stdout, goes to stderr instead.
  if (opts.json) {
    const toErr = (...args: unknown[]) => process.stderr.write(`${format(...args)}\n`);
    console.log = toErr;
    console.info = toErr;
    console.debug = toErr;
    process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
  }

  const selected: BenchModule[] = opts.only ? modules.filter((m) => m.title.toLowerCase().includes(opts.only!.toLowerCase())) : modules;
  if (selected.length === 0) {
    err(`No bench module title contains "${opts.only}". Titles: ${modules.map((m) => m.title).join(', ')}`);
    return 1;
  }

  const rows: Row[] = [];
  const errors: { section: string; message: string }[] = [];
  const seen = new Map<string, string>();
  const startedAt = new Date().toISOString();

  for (const m of selected) {
    err(`[bench] ${m.title}${opts.quick ? ' (quick)' : ''} …`);
    const t0 = performance.now();
    let figures: BenchFigure[];
    try {
      figures = await m.run({ quick: opts.quick, log: (line) => err(`[bench] ${m.title}: ${line}`) });
    } catch (e) {
      const message = e instanceof Error ? (e.stack ?? e.message) : String(e);
      err(`[bench] ${m.title} FAILED: ${message}`);
      errors.push({ section: m.title, message: e instanceof Error ? e.message : String(e) });
      continue;
    } finally {
      removeBenchDirs();
    }
    err(`[bench] ${m.title} done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const section: Row[] = [];
    for (const f of figures) {
      const other = seen.get(f.key);
      if (other !== undefined) {
        errors.push({ section: m.title, message: `key ${f.key} is also reported by ${other}; keys must be unique` });
        continue;
      }
      seen.set(f.key, m.title);
      section.push({ section: m.title, figure: f, met: met(f) });
    }
    rows.push(...section);
    if (!opts.json) print(`\n${table(m.title, section)}`);
  }

  const missed = rows.filter((r) => r.met === false);
  const missLines = missed.map((r) => `  MISSED ${r.figure.key} = ${num(r.figure.value)} ${r.figure.unit}, target ${r.figure.target!.op} ${r.figure.target!.value}`);

  if (opts.json) {
    const out: Record<string, unknown> = {};
    for (const r of rows) out[r.figure.key] = r.figure.value;
    out.details = {
      startedAt,
      quick: opts.quick,
      only: opts.only,
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      figures: Object.fromEntries(
        rows.map((r) => [
          r.figure.key,
          { section: r.section, unit: r.figure.unit, baseline: r.figure.baseline ?? null, target: r.figure.target ?? null, met: r.met, note: r.figure.note ?? null },
        ]),
      ),
      missed: missed.map((r) => r.figure.key),
      errors,
    };
    print(`${JSON.stringify(out, null, 2)}\n`);
    if (missed.length) err(`[bench] ${missed.length} target(s) missed:\n${missLines.join('\n')}`);
  } else {
    const withTarget = rows.filter((r) => r.met !== null);
    print('\n');
    if (missed.length) print(`${missed.length} of ${withTarget.length} targets MISSED:\n${missLines.join('\n')}\n`);
    else print(`All ${withTarget.length} targets met.\n`);
    if (errors.length) print(`${errors.length} module error(s):\n${errors.map((e) => `  ${e.section}: ${e.message}`).join('\n')}\n`);
  }
  return errors.length ? 1 : 0;
}

/** Exits once stdout is flushed, so a handle a module forgot to close cannot keep the run alive. */
const finish = (code: number) => {
  removeBenchDirs();
  stdoutWrite('', () => process.exit(code));
};

main().then(finish, (e: unknown) => {
  process.stderr.write(`[bench] ${e instanceof Error ? e.message : String(e)}\n`);
  finish(1);
});
