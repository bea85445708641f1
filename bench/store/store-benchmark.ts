// Store ingest (logs and spans per second) as bench/run sees it. Measures the store alone (src/agent/store:
// its queue, writer thread and SQLite), not the OTLP/HTTP intake or log tailing in front of it.
import type { BenchmarkReport, ProgressLog } from '../benchmark-section';
import type { BenchOptions } from '../cli-options';
import { fixed, thousands } from '../support/format';
import { renderTable } from '../support/table';
import { measureIngest, type IngestResult } from './store-ingest';

export async function storeBenchmark(options: BenchOptions, log: ProgressLog): Promise<BenchmarkReport> {
  const durationMs = options.quick ? 1_000 : 10_000;
  const results: IngestResult[] = [];
  for (const kind of ['logs', 'spans'] as const) {
    const result = await measureIngest(kind, durationMs);
    results.push(result);
    log(
      `store: ${kind}: ${thousands(result.writtenPerSecond)}/s written (${thousands(result.written)} in ${fixed(result.seconds, 1)} s)`,
    );
  }
  return {
    name: 'store',
    incomplete: results.some((r) => !(r.written > 0)),
    sections: [
      {
        title: 'Store: sustained ingest (SQLite, writer thread)',
        method:
          `Batches of 1,000 records offered for ${durationMs / 1000} s, the queue kept below half its limit, ` +
          'then drained; rate = records committed / (offer time + drain). Fresh database file per kind, in ' +
          'the bench process (the store alone: no OTLP decoding or log tailing in front).',
        table: renderTable(
          [
            { title: 'kind' },
            { title: 'written/s', align: 'right' },
            { title: 'written', align: 'right' },
            { title: 'refused', align: 'right' },
            { title: 'seconds', align: 'right' },
            { title: 'max transaction ms', align: 'right' },
            { title: 'file MB', align: 'right' },
          ],
          results.map((r) => [
            r.kind,
            thousands(r.writtenPerSecond),
            thousands(r.written),
            thousands(r.refused),
            fixed(r.seconds, 1),
            fixed(r.maxTransactionMs, 0),
            fixed(r.fileMegabytes, 1),
          ]),
        ),
      },
    ],
    data: { results },
  };
}
