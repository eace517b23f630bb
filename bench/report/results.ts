/** The shape of one run's results, as written to bench/results/<time>.json and read by the reports. */
import type { StepResult } from '../lib/fleet';
import type { Options } from '../lib/options';
import type { Comparison } from './compare';
import type { BroadcastResult } from '../scenarios/broadcast';
import type { CapacityStep } from '../scenarios/capacity';
import type { HistoryResult } from '../scenarios/history';
import type { IdleResult } from '../scenarios/idle';
import type { KneeResult } from '../scenarios/knee';
import type { LoginsResult } from '../scenarios/logins';
import type { SearchResult } from '../scenarios/search';
import type { RestartResult } from '../scenarios/restart';
import type { StormResult } from '../scenarios/storm';

export type TargetResults = {
  signUp?: { users: number; ms: number };
  knee?: KneeResult;
  idle?: IdleResult;
  history?: HistoryResult[];
  /** `searchMessages` in the history scenario's channels. */
  search?: SearchResult[];
  seeding?: { size: number; ms: number }[];
  /** (g): the knee search with reactions and edits among the messages. */
  kneeActions?: KneeResult;
  /** (h): history pages with reactions and a reply on every message. */
  historyRich?: HistoryResult[];
  seedingRich?: { size: number; ms: number; reactions?: number }[];
  /** (g) and (h) against (a) and (c) of the same run, with the verdicts. */
  vsPlain?: Comparison[];
  storm?: StormResult;
  broadcast?: BroadcastResult;
  logins?: LoginsResult;
  restart?: RestartResult;
  errors: string[];
};

export type Machine = {
  cpus: number;
  model: string;
  memoryGb: number;
  node: string;
  os: string;
  mariadb?: string;
  redis?: string;
};

export type RunResults = {
  startedAt: string;
  durationMs: number;
  options: Omit<Options, 'sizes'> & { sizes: Options['sizes'] };
  machine: Machine;
  relay: TargetResults;
  embedded?: TargetResults;
  services?: TargetResults;
  /** The capacity scenario's steps, both modes. */
  capacity?: CapacityStep[];
};

export type TargetName = 'relay' | 'embedded' | 'services';

export function stepsOf(results: TargetResults | undefined): StepResult[] {
  if (!results?.knee) return [];
  const byRate = new Map<number, StepResult>();
  for (const step of [...results.knee.steps]) byRate.set(step.rate, step);
  return [...byRate.values()].sort((a, b) => a.rate - b.rate);
}
