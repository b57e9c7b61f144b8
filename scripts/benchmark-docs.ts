/**
 * `--write-docs` of the benchmark scripts: each writes its latest figures into its own section of
 * docs/benchmarks.md, between `<!-- <id>:start -->` and `<!-- <id>:end -->`, with the date and the
 * machine they were measured on; the rest of the file (earlier measurements, notes) is kept.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, totalmem } from 'node:os';
import * as path from 'node:path';
import { repoRoot } from './handler-bundle';

export const benchmarksDoc = path.join(repoRoot, 'docs', 'benchmarks.md');

/** The line that opens a generated section: when, on what, and the command that wrote it. */
export function measuredOn(command: string, loadAverageAtStart: number): string {
  const day = new Date().toISOString().slice(0, 10);
  const memoryGb = Math.round(totalmem() / 1024 ** 3);
  return `Measured ${day} on ${availableParallelism()} cores and ${memoryGb} GB, load average ${loadAverageAtStart.toFixed(1)} at the start, by \`${command}\`:`;
}

export function loadAverage(): number {
  return loadavg()[0];
}

/** A Markdown table from a header row and data rows. */
export function markdownTable(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const line = (cells: readonly (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** Replaces the section `id` of docs/benchmarks.md (or `file`); fails naming the marker if the file lacks it. */
export function writeDocSection(id: string, body: string, file = benchmarksDoc): void {
  const start = `<!-- ${id}:start -->`;
  const end = `<!-- ${id}:end -->`;
  const text = readFileSync(file, 'utf8');
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`${file}: no section between ${start} and ${end}`);
  writeFileSync(file, `${text.slice(0, from + start.length)}\n${body.trim()}\n${text.slice(to)}`);
}
