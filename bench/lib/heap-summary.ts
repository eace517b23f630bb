/**
 * Reads a V8 .heapsnapshot and counts its objects by type and constructor (strings as one group,
 * closures by function name), so two snapshots of one process can be compared: what grew, and by
 * how much. Self sizes only: what each object holds itself, not what it keeps alive.
 */
import { readFileSync } from 'node:fs';

type Snapshot = {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
};

export type Group = { count: number; size: number };
export type GrowthRow = Group & { key: string };

const GROUPED_BY_TYPE = new Set(['string', 'concatenated string', 'sliced string', 'number', 'heap number']);

export function summarize(file: string): Map<string, Group> {
  const data = JSON.parse(readFileSync(file, 'utf8')) as Snapshot; // the .heapsnapshot format
  const fields = data.snapshot.meta.node_fields;
  const types = data.snapshot.meta.node_types[0];
  const stride = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const groups = new Map<string, Group>();
  for (let i = 0; i < data.nodes.length; i += stride) {
    const type = types[data.nodes[i + typeAt] ?? 0] ?? '?';
    const name = GROUPED_BY_TYPE.has(type) ? '' : (data.strings[data.nodes[i + nameAt] ?? 0] ?? '').slice(0, 80);
    const key = `${type}:${name}`;
    const group = groups.get(key) ?? { count: 0, size: 0 };
    group.count += 1;
    group.size += data.nodes[i + sizeAt] ?? 0;
    groups.set(key, group);
  }
  return groups;
}

/** The groups that grew from `before` to `after`, largest growth first. */
export function diffSnapshots(before: Map<string, Group>, after: Map<string, Group>): GrowthRow[] {
  const rows: GrowthRow[] = [];
  for (const [key, group] of after) {
    const old = before.get(key) ?? { count: 0, size: 0 };
    if (group.size > old.size) rows.push({ key, count: group.count - old.count, size: group.size - old.size });
  }
  return rows.sort((a, b) => b.size - a.size);
}
