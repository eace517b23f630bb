/**
 * A writer lane's batch in one transaction: the actions on stored messages, then the new messages
 * in one multi-row INSERT, then one COMMIT. Actions go first so that a new reply in the same batch
 * quotes its original as the batch leaves it. Lock conflicts run the transaction again; a stored
 * clientId or ids that are not consecutive take the appends' one-by-one path.
 */
import type { Kysely } from 'kysely';
import type { ActionOutcome, MessageAction, MessageDraft, MessageWrite, StoredMessage, WriteResult } from '../../chat/records';
import { appendInTransaction, appendOneByOne, UnexpectedIdsError } from './append-batch';
import type { SqlDialectName } from './db';
import { isDuplicateKey, isRetryableConflict } from './errors';
import { applyActions } from './message-actions';
import type { Database } from './schema';

const ATTEMPTS = 3;
/** Larger batches are stored as consecutive chunks, keeping statements within driver limits. */
export const CHUNK = 500;

type Applied = { outcomes: ActionOutcome[]; stored: StoredMessage[] };

/** One transaction, run again on a lock conflict; throws duplicate keys and UnexpectedIdsError. */
async function transact(
  db: Kysely<Database>,
  dialect: SqlDialectName,
  actions: readonly MessageAction[],
  drafts: readonly MessageDraft[],
): Promise<Applied> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute(async (trx) => {
        const outcomes = actions.length > 0 ? await applyActions(trx, dialect, actions) : [];
        const stored = drafts.length > 0 ? await appendInTransaction(trx, dialect, drafts) : [];
        return { outcomes, stored };
      });
    } catch (error) {
      if (!isRetryableConflict(error) || attempt >= ATTEMPTS) throw error;
    }
  }
}

async function applied(
  db: Kysely<Database>,
  dialect: SqlDialectName,
  actions: readonly MessageAction[],
  drafts: readonly MessageDraft[],
): Promise<Applied> {
  try {
    return await transact(db, dialect, actions, drafts);
  } catch (error) {
    if (!(isDuplicateKey(error) || error instanceof UnexpectedIdsError) || drafts.length === 0) throw error;
    const { outcomes } = await transact(db, dialect, actions, []);
    return { outcomes, stored: await appendOneByOne(db, drafts) };
  }
}

export async function writeBatch(
  db: Kysely<Database>,
  dialect: SqlDialectName,
  writes: readonly MessageWrite[],
): Promise<WriteResult[]> {
  if (writes.length > CHUNK) {
    const results: WriteResult[] = [];
    for (let start = 0; start < writes.length; start += CHUNK) {
      results.push(...(await writeBatch(db, dialect, writes.slice(start, start + CHUNK))));
    }
    return results;
  }
  const actions = writes.flatMap((write) => (write.kind === 'action' ? [write.action] : []));
  const drafts = writes.flatMap((write) => (write.kind === 'append' ? [write.draft] : []));
  if (writes.length === 0) return [];
  const { outcomes, stored } = await applied(db, dialect, actions, drafts);
  let nextAction = 0;
  let nextAppend = 0;
  return writes.map((write): WriteResult => {
    // Each list holds one result per write of its kind, in order (appendBatch's contract).
    if (write.kind === 'action') return { kind: 'action', outcome: outcomes[nextAction++]! };
    return { kind: 'append', stored: stored[nextAppend++]! };
  });
}
