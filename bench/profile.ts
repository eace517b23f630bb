/**
 * Summarises a V8 CPU profile (`node --cpu-prof`, or `npm run bench -- --profile`): self time by
 * function and by module (package or source file), and total (inclusive) time of the functions
 * named on the command line. `tsx bench/profile.ts FILE.cpuprofile [--top N] [--focus name,…]`
 */
import { readFileSync } from 'node:fs';

type CallFrame = { functionName: string; url: string; lineNumber: number };
type ProfileNode = { id: number; callFrame: CallFrame; children?: number[] };
type Profile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };

function moduleOf(url: string): string {
  if (!url) return '(native / V8)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg?.[1]) return pkg[1];
  const src = /\/((?:src|bench|test)\/.+)$/.exec(url);
  if (src?.[1]) return src[1];
  if (url.startsWith('node:')) return url;
  return url.replace(/^file:\/\//, '');
}

function label(frame: CallFrame): string {
  return `${frame.functionName || '(anonymous)'} ${moduleOf(frame.url)}:${frame.lineNumber + 1}`;
}

function summarize(file: string, top: number, focus: string[]): void {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const totalUs = profile.endTime - profile.startTime;
  // Idle time, and the profiler's own stop (under the bench's profile hook), are not the server's work.
  const ignored = (id: number) => {
    if (byId.get(id)?.callFrame.functionName === '(idle)') return true;
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      if (byId.get(at)?.callFrame.url.includes('bench-hook')) return true;
    }
    return false;
  };
  let idleUs = 0;
  for (const [id, us] of selfUs) {
    if (!ignored(id)) continue;
    idleUs += us;
    selfUs.delete(id);
  }

  const bySelf = new Map<string, number>();
  const byModule = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node) continue;
    bySelf.set(label(node.callFrame), (bySelf.get(label(node.callFrame)) ?? 0) + us);
    byModule.set(moduleOf(node.callFrame.url), (byModule.get(moduleOf(node.callFrame.url)) ?? 0) + us);
    // Inclusive time of focused functions: count each sample once per matching ancestor name.
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)?.callFrame;
      const name = frame ? `${frame.functionName} ${moduleOf(frame.url)}` : '';
      for (const wanted of focus) {
        if (frame && frame.functionName === wanted && !seen.has(name)) {
          seen.add(name);
          inclusive.set(name, (inclusive.get(name) ?? 0) + us);
        }
      }
    }
  }
  const busyUs = totalUs - idleUs;
  const pct = (us: number) => `${((us / busyUs) * 100).toFixed(1).padStart(5)}%`;
  const ms = (us: number) => `${(us / 1000).toFixed(0).padStart(7)} ms`;
  const busyShare = ((busyUs / totalUs) * 100).toFixed(0);
  console.log(
    `${file}\n  profile ${(totalUs / 1e6).toFixed(1)} s, busy ${(busyUs / 1e6).toFixed(1)} s (${busyShare}%); shares below are of busy time\n`,
  );
  const print = (title: string, entries: Map<string, number>, n: number) => {
    console.log(title);
    for (const [name, us] of [...entries].sort((a, b) => b[1] - a[1]).slice(0, n)) console.log(`  ${pct(us)} ${ms(us)}  ${name}`);
    console.log('');
  };
  print('self time by module', byModule, top);
  print('self time by function', bySelf, top);
  if (focus.length > 0) print('total time (self + callees) of focused functions', inclusive, focus.length * 3);
}

const args = process.argv.slice(2);
const files = args.filter((arg) => arg.endsWith('.cpuprofile'));
const top = Number(args[args.indexOf('--top') + 1]) || 30;
const focusAt = args.indexOf('--focus');
const focus = focusAt >= 0 ? (args[focusAt + 1] ?? '').split(',').filter(Boolean) : [];
if (files.length === 0) {
  console.error('usage: tsx bench/profile.ts FILE.cpuprofile [--top N] [--focus fn1,fn2]');
  process.exit(2);
}
for (const file of files) summarize(file, args.includes('--top') ? top : 30, focus);
