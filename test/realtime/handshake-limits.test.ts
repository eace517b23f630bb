/**
 * Handshake limits at the shipped defaults, everyone on one address (an office behind a NAT, a
 * proxy without TRUST_PROXY): a handshake with a valid session spends its user's allowance, never
 * the address's, so hundreds of people connect at once; handshakes without a session are still
 * counted per address, and one user's flood is refused without touching anyone else.
 */
import { expect } from 'chai';
import { enginePath, rawRequest } from '../security/engine-io';
import { signUp, type SignedIn } from '../support/http';
import { openSocket, type ClientSocket } from '../support/sockets';
import { createTestApp, type TestApp } from '../support/test-app';

/** The defaults of src/config.ts, written out so that a test default elsewhere cannot raise them. */
const DEFAULT_LIMITS = { HANDSHAKE_RATE: '10', HANDSHAKE_BURST: '100', SOCKETS_PER_USER: '20' };
const PEOPLE = 200;

/** Runs `work` for each item, `lanes` at a time, keeping the order of the results. */
async function inLanes<T, R>(items: readonly T[], lanes: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T); // index < items.length
    }
  };
  await Promise.all(Array.from({ length: lanes }, lane));
  return results;
}

const outcome = (socket: Promise<ClientSocket>, open: ClientSocket[]) =>
  socket.then(
    (connected) => {
      open.push(connected);
      return 'connected';
    },
    (error: Error) => error.message,
  );

async function pollingHandshakes(app: TestApp, count: number, cookie?: (i: number) => string): Promise<number[]> {
  return inLanes(
    Array.from({ length: count }, (_, i) => i),
    10,
    async (i) => (await rawRequest(app.url, enginePath({ transport: 'polling' }), { cookie: cookie?.(i) })).status,
  );
}

describe('Handshakes from one address, default limits', function () {
  this.timeout(120_000);
  let app: TestApp;
  let people: SignedIn[];
  const open: ClientSocket[] = [];

  before(async () => {
    app = await createTestApp({ env: DEFAULT_LIMITS });
    people = await inLanes(
      Array.from({ length: PEOPLE }, (_, i) => i),
      8,
      () => signUp(app.url),
    );
  });

  after(async () => {
    for (const socket of open.splice(0)) socket.close();
    await app.stop();
  });

  it(`connects ${PEOPLE} signed-in people from one address at once, refusing none`, async () => {
    const outcomes = await Promise.all(people.map((person) => outcome(openSocket(app.url, { cookie: person.cookie }), open)));
    const refused = outcomes.filter((result) => result !== 'connected');
    expect(refused, `${refused.length} of ${PEOPLE} refused`).to.deep.equal([]);
  });

  it('still refuses a flood of handshakes without a valid session from that address', async () => {
    // Half with no cookie, half with a forged one: neither names a user, both count for the address.
    const statuses = await pollingHandshakes(app, 300, (i) => (i % 2 ? 'chat.sid=s%3Aforged.signature' : ''));
    const accepted = statuses.filter((status) => status === 200).length;
    expect(statuses.filter((status) => status !== 200 && status !== 429)).to.deep.equal([]);
    expect(statuses, 'the flood is refused').to.include(429);
    // The people's handshakes above spent none of the address's allowance (10/s plus a burst of 100).
    expect(accepted, 'handshakes accepted before the refusals').to.be.at.least(100);
  });

  it("refuses one person's flood of handshakes while the others on the address still connect", async () => {
    const [flooder, other] = [people[0], people[1]] as [SignedIn, SignedIn]; // PEOPLE > 2
    for (const socket of open.splice(0)) socket.close();
    const statuses = await pollingHandshakes(app, 200, () => flooder.cookie);
    expect(statuses, "the flooder's handshakes are refused").to.include(429);
    expect(statuses.filter((status) => status !== 200 && status !== 429)).to.deep.equal([]);
    expect(await outcome(openSocket(app.url, { cookie: other.cookie }), open)).to.equal('connected');
  });
});
