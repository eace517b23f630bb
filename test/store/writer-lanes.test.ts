/**
 * The writer's lanes against a real database (MySQL when MYSQL_URL is set, SQLite always). With
 * two lanes and one batch held in the store, the other lane commits meanwhile (more than one commit
 * in flight), and a channel's writes still get ids in the order they were written. The same check
 * run with a lane function that splits a channel across lanes finds the reordering: it can fail.
 */
import { expect } from 'chai';
import { MessageWriter, type LaneOf, type Written } from '../../src/chat/message-writer';
import type { MessageStore } from '../../src/chat/ports';
import type { ChannelRecord, MessageWrite, StoredMessage, WriteResult } from '../../src/chat/records';
import { createSqlStores, type SqlStores } from '../../src/store/sql';
import { uniqueName } from './contract';
import { MYSQL_URL, scratchMysqlUrl, silentLogger } from './support';

/** Holds every batch holding a message with the text `hold` until `release()`. */
class HoldingStore implements Pick<MessageStore, 'writeBatch'> {
  private gate: Promise<void>;
  private open: () => void = () => undefined;
  held = 0;

  constructor(private readonly inner: MessageStore) {
    this.gate = new Promise((resolve) => (this.open = resolve));
  }

  release(): void {
    this.open();
  }

  async writeBatch(writes: readonly MessageWrite[]): Promise<WriteResult[]> {
    if (writes.some((write) => write.kind === 'append' && write.draft.text === 'hold')) {
      this.held++;
      await this.gate;
    }
    return this.inner.writeBatch(writes);
  }
}

/** Writes whose ids, within a channel, do not increase in the order they were written. */
function outOfOrder(written: { channelId: string; stored: StoredMessage }[]): string[] {
  const last = new Map<string, number>();
  const wrong: string[] = [];
  for (const { channelId, stored } of written) {
    const id = Number(stored.message.id);
    if (id <= (last.get(channelId) ?? 0)) wrong.push(`${stored.message.text} (${id}) after ${last.get(channelId)}`);
    last.set(channelId, id);
  }
  return wrong;
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

function lanesSuite(name: string, mysqlUrl?: string): void {
  describe(`MessageWriter lanes: ${name}`, () => {
    let sql: SqlStores;
    let drop = async (): Promise<void> => undefined;
    let rooms: [ChannelRecord, ChannelRecord];
    let senderId: string;
    before(async () => {
      const scratch = mysqlUrl ? await scratchMysqlUrl(mysqlUrl) : undefined;
      drop = scratch?.drop ?? drop;
      sql = await createSqlStores({ mysqlUrl: scratch?.url, dataDir: ':memory:', logger: silentLogger, migrate: true });
      const user = await sql.users.create({ username: uniqueName('lane'), passwordHash: 'x', now: 1 });
      senderId = user.id;
      const room = () => sql.channels.createRoom({ name: 'r', isPrivate: true, createdBy: user.id, memberIds: [], now: 1 });
      rooms = [await room(), await room()];
    });
    after(async () => {
      await sql.close();
      await drop();
    });

    /**
     * Channel X's first message is held in the store; then X gets two more and Y five. Before
     * releasing it, waits for the writes with the texts `waitFor` to commit. Answers what
     * committed while X's first was held, and every write in the order it was made.
     */
    async function run(laneOf: LaneOf, waitFor: readonly string[]) {
      const store = new HoldingStore(sql.messages);
      const reports: Written[][] = [];
      const writer = new MessageWriter(store, (written) => reports.push(written), { lanes: 2, laneOf });
      const [x, y] = rooms;
      const write = (channel: ChannelRecord, text: string) =>
        writer.write(channel, { channelId: channel.id, senderId, text, clientId: null, createdAt: 1 });
      const order: { channelId: string; text: string; done: Promise<StoredMessage> }[] = [];
      const add = (channel: ChannelRecord, text: string) =>
        order.push({ channelId: channel.id, text, done: write(channel, text) });
      add(x, 'hold');
      await nextTurn();
      add(x, 'x2');
      await nextTurn();
      add(x, 'x3');
      for (let i = 1; i <= 5; i++) add(y, `y${i}`);
      await Promise.all(order.filter((write) => waitFor.includes(write.text)).map((write) => write.done));
      const committedWhileHeld = reports
        .flat()
        .flatMap(({ result }) => (result.kind === 'append' ? [result.stored.message.text] : []));
      store.release();
      const written = await Promise.all(order.map(async (write) => ({ channelId: write.channelId, stored: await write.done })));
      await writer.settled();
      const reported = reports
        .flat()
        .flatMap(({ result, channel }) => (result.kind === 'append' ? [{ channelId: channel.id, stored: result.stored }] : []));
      return { held: store.held, committedWhileHeld, written, reported };
    }

    it('commits one lane while the other waits, and keeps each channel in write order', async () => {
      const [x] = rooms;
      // The writer's own rule (a channel, a lane), forced onto two lanes: X on one, Y on the other.
      const { held, committedWhileHeld, written, reported } = await run(
        (channelId) => (channelId === x.id ? 0 : 1),
        ['y1', 'y2', 'y3', 'y4', 'y5'],
      );
      expect(held).to.equal(1);
      expect(committedWhileHeld, 'Y committed while X was held').to.deep.equal(['y1', 'y2', 'y3', 'y4', 'y5']);
      expect(outOfOrder(written)).to.deep.equal([]);
      expect(outOfOrder(reported), 'reports in id order within each channel').to.deep.equal([]);
      expect(written.map((w) => w.stored.message.text)).to.deep.equal(['hold', 'x2', 'x3', 'y1', 'y2', 'y3', 'y4', 'y5']);
    });

    it('finds the reordering when a lane function splits one channel across lanes', async () => {
      let calls = 0;
      // `hold` goes to lane 0 and `x2` to lane 1, which commits it first.
      const { written } = await run(() => calls++ % 2, ['x2']);
      expect(outOfOrder(written)).to.not.deep.equal([]);
    });
  });
}

lanesSuite('SQLite');
if (MYSQL_URL) lanesSuite('MySQL', MYSQL_URL);
