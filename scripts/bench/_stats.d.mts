// Types of _stats.mjs for the TypeScript benchmarks (scripts/bench-*.ts).
export type Summary = {runs: number; min: number; median: number; max: number};
export function summarize(values: number[]): Summary;
export function formatSummary(label: string, summary: Summary, unit?: string): string;
export function parseOptions<T extends Record<string, number | string | boolean>>(args: string[], defaults: T): T;
