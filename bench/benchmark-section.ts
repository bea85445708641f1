// What each benchmark hands back to bench/run: printable sections and data for --json.

export interface BenchmarkSection {
  title: string;
  /** How it was measured, one or two lines printed above the table. */
  method: string;
  table: string;
}

export interface BenchmarkReport {
  name: string;
  sections: BenchmarkSection[];
  /** True when some measurement is missing (a failed child, a step with no number). */
  incomplete: boolean;
  data: unknown;
}

/** Progress lines go to stderr, so stdout carries only the report. */
export type ProgressLog = (line: string) => void;
