// Benchmarks: `node build/bench/run.js [all|client|agent|consumer-check|store] [--quick] …`
// Prints the machine, then one table per benchmark (Markdown, ready for BENCHMARKS.md). Progress goes to
// stderr. Exits 1 when a benchmark could not produce its numbers; speed itself is never judged here.
import { writeFileSync } from 'node:fs';
import type { BenchmarkName, BenchOptions } from './cli-options';
import { parseOptions } from './cli-options';
import type { BenchmarkReport, ProgressLog } from './benchmark-section';
import { agentBenchmark } from './agent/agent-benchmark';
import { clientBenchmark } from './client/client-benchmark';
import { consumerCheckBenchmark } from './consumer-check/consumer-check-benchmark';
import { storeBenchmark } from './store/store-benchmark';
import { describeMachine, machineDetails } from './support/machine';

type Benchmark = (options: BenchOptions, log: ProgressLog) => Promise<BenchmarkReport>;

const BENCHMARK_RUNNERS: Record<BenchmarkName, Benchmark> = {
  client: clientBenchmark,
  agent: agentBenchmark,
  'consumer-check': consumerCheckBenchmark,
  store: storeBenchmark,
};

function printReport(report: BenchmarkReport): void {
  for (const section of report.sections) {
    process.stdout.write(`\n## ${section.title}\n\n${section.method}\n\n${section.table}\n`);
  }
}

async function main(): Promise<number> {
  let options: BenchOptions;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
  const log: ProgressLog = (line) => process.stderr.write(`${line}\n`);
  const machine = await machineDetails();
  process.stdout.write(
    `# kinstrument benchmarks${options.quick ? ' (quick smoke run: numbers not meaningful)' : ''}\n\n`,
  );
  process.stdout.write(`${describeMachine(machine)}\n`);
  const reports: BenchmarkReport[] = [];
  let failed = false;
  for (const name of options.benchmarks) {
    const started = Date.now();
    try {
      const report = await BENCHMARK_RUNNERS[name](options, log);
      reports.push(report);
      printReport(report);
      if (report.incomplete) failed = true;
    } catch (error) {
      failed = true;
      process.stdout.write(
        `\n## ${name}: FAILED\n\n${error instanceof Error ? error.message : String(error)}\n`,
      );
    }
    log(`${name}: done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
  if (options.jsonFile) {
    writeFileSync(options.jsonFile, JSON.stringify({ machine, options, reports }, null, 2));
  }
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
