/**
 * `@name` mentions in message text. A mention is an `@` not preceded by a username character (so
 * `x@bob.com` is an address, not a mention) followed by the longest run of username characters,
 * less trailing dots (`@Bob.` names Bob). Shared so the page highlights what the server counts.
 */

const MENTION = /(?<![A-Za-z0-9_.-])@([A-Za-z0-9_.-]+)/g;

/** The names written after `@`, in order of appearance, as typed (repeats included). */
export function mentionedNames(text: string): string[] {
  const names: string[] = [];
  for (const match of text.matchAll(MENTION)) {
    const name = (match[1] ?? '').replace(/\.+$/, '');
    if (name.length > 0) names.push(name);
  }
  return names;
}

/**
 * The members this text mentions, in their registered spelling: names are matched ignoring case
 * against `members`, first appearance first, each once. Names that are not members are dropped.
 */
export function resolveMentions(text: string, members: Iterable<string>): string[] {
  const byKey = new Map<string, string>();
  for (const member of members) byKey.set(member.toLowerCase(), member);
  const found: string[] = [];
  const seen = new Set<string>();
  for (const name of mentionedNames(text)) {
    const key = name.toLowerCase();
    const member = byKey.get(key);
    if (member === undefined || seen.has(key)) continue;
    seen.add(key);
    found.push(member);
  }
  return found;
}
