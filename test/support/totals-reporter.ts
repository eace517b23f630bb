/**
 * Mocha's `spec` output for people, plus the run's totals as JSON for scripts (.ci/run), so
 * nothing has to parse the human text. Mocha takes one reporter, hence this small subclass:
 *
 *   mocha --reporter ./test/support/totals-reporter.ts --reporter-option totals=path/to/totals.json
 *
 * The file is written once the run ends: { passes, failures, pending, tests, durationMs }.
 * Failures count failed tests and failed hooks, as Mocha's exit code does. No file means the run
 * did not reach its end (a crash or a kill): the caller treats that as a failure.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Mocha from 'mocha';

export type Totals = { passes: number; failures: number; pending: number; tests: number; durationMs: number };

export default class TotalsReporter extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options: Mocha.MochaOptions = {}) {
    super(runner, options);
    const output: unknown = (options.reporterOptions as Record<string, unknown> | undefined)?.totals;
    if (typeof output !== 'string' || output === '') return;
    // Registered after Spec's own handler, so the totals are final and the summary already printed.
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const stats = runner.stats;
      const totals: Totals = {
        passes: stats?.passes ?? 0,
        failures: stats?.failures ?? 0,
        pending: stats?.pending ?? 0,
        tests: stats?.tests ?? 0,
        durationMs: stats?.duration ?? 0,
      };
      mkdirSync(path.dirname(path.resolve(output)), { recursive: true });
      writeFileSync(output, `${JSON.stringify(totals)}\n`);
    });
  }
}
