/**
 * Many users at once, straight through the store (no bcrypt, no HTTP): a large site (more than
 * 500 users) in a second or two. They cannot sign in; tests sign up the few users they act as.
 */
import { randomBytes } from 'node:crypto';
import type { UserStore } from '../../src/chat/ports';
import type { UserRecord } from '../../src/chat/records';

const AT_ONCE = 25;

/** Creates `count` users named `<prefix><n>` (n from 0, zero-padded to 4 digits), in name order. */
export async function seedUsers(
  users: UserStore,
  count: number,
  prefix = `s${randomBytes(4).toString('hex')}_`,
): Promise<UserRecord[]> {
  const created: UserRecord[] = [];
  for (let start = 0; start < count; start += AT_ONCE) {
    const batch = Array.from({ length: Math.min(AT_ONCE, count - start) }, (_, i) =>
      users.create({ username: `${prefix}${String(start + i).padStart(4, '0')}`, passwordHash: 'not a hash', now: Date.now() }),
    );
    created.push(...(await Promise.all(batch)));
  }
  return created;
}
