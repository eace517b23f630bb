/** UserStore contract: unique names ignoring case, lookups, prefix search, profile fields, partners. */
import { expect } from 'chai';
import { NameTakenError } from '../../../src/chat/errors';
import { uniqueName, type ChatStores, type Helpers } from './fixture';

export function userContract(stores: () => ChatStores, helpers: Helpers): void {
  describe('UserStore', () => {
    it('creates a user found by id and by username in any case, spelled as registered', async () => {
      const username = uniqueName('MiXed');
      const created = await stores().users.create({ username, passwordHash: 'h4sh', now: 1_700_000_000_123 });
      expect(created).to.deep.include({
        username,
        nickname: null,
        passwordHash: 'h4sh',
        createdAt: 1_700_000_000_123,
        lastSeenAt: null,
      });
      expect(created.id).to.match(/^[1-9]\d*$/);
      expect(await stores().users.findById(created.id)).to.deep.equal(created);
      expect(await stores().users.findByUsername(username.toUpperCase())).to.deep.equal(created);
      expect(await stores().users.findByUsername(username.toLowerCase())).to.deep.equal(created);
    });

    it('refuses a username taken ignoring case with NameTakenError("username")', async () => {
      const username = uniqueName('Taken');
      await stores().users.create({ username, passwordHash: 'x', now: Date.now() });
      const before = await stores().users.count();
      const error = await stores()
        .users.create({ username: username.toUpperCase(), passwordHash: 'y', now: Date.now() })
        .catch((e: unknown) => e);
      expect(error).to.be.instanceOf(NameTakenError);
      expect(error).to.have.property('what', 'username');
      expect(await stores().users.count()).to.equal(before);
      expect((await stores().users.findByUsername(username))?.passwordHash).to.equal('x');
    });

    it('answers nothing for unknown or malformed ids and skips them in findByIds', async () => {
      const user = await helpers.newUser();
      for (const id of ['', 'abc', '0', '-1', '1e3', '01', '999999999999', '99999999999999999999', '__proto__']) {
        expect(await stores().users.findById(id), id).to.equal(undefined);
      }
      expect(await stores().users.findByUsername(uniqueName('nobody'))).to.equal(undefined);
      const found = await stores().users.findByIds([user.id, 'abc', '999999999999', user.id]);
      expect(found.map((u) => u.id)).to.deep.equal([user.id]);
      expect(await stores().users.findByIds([])).to.deep.equal([]);
    });

    it('finds the users of a list of usernames ignoring case, skipping unknown ones', async () => {
      const user = await helpers.newUser();
      const found = await stores().users.findByUsernames([user.username.toUpperCase(), uniqueName('nobody'), user.username]);
      expect(found.map((u) => u.id)).to.deep.equal([user.id]);
      expect(await stores().users.findByUsernames([])).to.deep.equal([]);
    });

    it('searches by prefix ignoring case, ordered by name, taking _ and % literally', async () => {
      const stem = uniqueName('pre');
      for (const name of [`${stem}_Bo`, `${stem}_al`, `${stem}xal`, `${stem}_c`]) {
        await stores().users.create({ username: name, passwordHash: 'x', now: Date.now() });
      }
      const found = await stores().users.searchByPrefix(`${stem.toUpperCase()}_`, 20);
      expect(found.map((u) => u.username)).to.deep.equal([`${stem}_al`, `${stem}_Bo`, `${stem}_c`]);
      expect((await stores().users.searchByPrefix(`${stem}_`, 2)).map((u) => u.username)).to.deep.equal([
        `${stem}_al`,
        `${stem}_Bo`,
      ]);
      expect(await stores().users.searchByPrefix(`${stem}%`, 20)).to.deep.equal([]);
      expect(await stores().users.searchByPrefix('%', 20)).to.deep.equal([]);
    });

    it('counts and lists users ordered by username ignoring case', async () => {
      const before = await stores().users.count();
      await helpers.newUser('Zed');
      expect(await stores().users.count()).to.equal(before + 1);
      const listed = await stores().users.list(50);
      expect(listed.length).to.be.within(1, 50);
      const keys = listed.map((u) => u.username.toLowerCase());
      expect(keys).to.deep.equal([...keys].sort());
    });

    it('sets and clears a nickname (emoji included) and records when the user was last seen', async () => {
      const user = await helpers.newUser();
      await stores().users.setNickname(user.id, 'Ünïcode 🐙');
      await stores().users.setLastSeen(user.id, 1_800_000_000_000);
      expect(await stores().users.findById(user.id)).to.deep.include({ nickname: 'Ünïcode 🐙', lastSeenAt: 1_800_000_000_000 });
      await stores().users.setNickname(user.id, null);
      expect((await stores().users.findById(user.id))?.nickname).to.equal(null);
    });

    it('replaces the password hash of one user only', async () => {
      const [user, other] = [await helpers.newUser(), await helpers.newUser()];
      const before = (await stores().users.findById(other.id))?.passwordHash;
      await stores().users.setPasswordHash(user.id, '$2b$04$replaced');
      expect((await stores().users.findById(user.id))?.passwordHash).to.equal('$2b$04$replaced');
      expect((await stores().users.findById(other.id))?.passwordHash).to.equal(before);
    });

    it('makes a new user a member of everyone with nothing unread', async () => {
      const everyone = await stores().channels.getEveryone();
      const old = await helpers.newUser();
      await helpers.post(everyone.id, old.id, 2, 'backlog');
      const fresh = await helpers.newUser();
      expect(await stores().channels.isMember(everyone.id, fresh.id)).to.equal(true);
      const summary = await stores().channels.summaryFor(everyone.id, fresh.id);
      expect(summary?.unread).to.equal(0);
    });

    it('lists as partners exactly the users sharing a direct channel', async () => {
      const [a, b, c, d] = [await helpers.newUser(), await helpers.newUser(), await helpers.newUser(), await helpers.newUser()];
      await stores().channels.findOrCreateDirect(a.id, b.id, a.id, Date.now());
      await stores().channels.findOrCreateDirect(c.id, a.id, c.id, Date.now());
      await stores().channels.createRoom({
        name: uniqueName('room'),
        isPrivate: true,
        createdBy: a.id,
        memberIds: [d.id],
        now: Date.now(),
      });
      expect(await stores().users.partnerIds(a.id)).to.have.members([b.id, c.id]);
      expect(await stores().users.partnerIds(b.id)).to.deep.equal([a.id]);
      expect(await stores().users.partnerIds(d.id)).to.deep.equal([]);
    });
  });
}
