/**
 * Message ids are decimal integer strings that grow within a channel (docs/protocol.md). They can pass
 * 2^53, so they are compared as big integers, never as numbers or as plain strings.
 */
export function compareIds(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function isNewer(candidate: string, than: string | undefined): boolean {
  return than === undefined || compareIds(candidate, than) > 0;
}
