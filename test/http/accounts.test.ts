import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { Accounts, validateRegistration, type PasswordHasher } from '../../src/chat/accounts';
import { StoreUnavailableError } from '../../src/chat/errors';
import { BcryptHasher } from '../../src/security/password-hasher';
import { ConfigError, loadConfig } from '../../src/config';
import { resolveSessionSecret } from '../../src/security/session-secret';
import { createMemoryStores } from '../../src/store/memory';

/** Records every compare so tests can see the work done, not just the answer. */
class CountingHasher implements PasswordHasher {
  readonly verified: string[] = [];
  private readonly inner = new BcryptHasher(4);
  hash(password: string) {
    return this.inner.hash(password);
  }
  verify(password: string, hash: string) {
    this.verified.push(hash);
    return this.inner.verify(password, hash);
  }
}

describe('Accounts', () => {
  describe('register', () => {
    it('stores a bcrypt hash, never the password, and keeps the spelling', async () => {
      const { users } = createMemoryStores();
      const accounts = new Accounts({ users, hasher: new BcryptHasher(4) });
      const result = await accounts.register('MixedCase_1', 'a good password');
      expect(result.ok).to.equal(true);
      const stored = await users.findByUsername('mixedcase_1');
      expect(stored?.username).to.equal('MixedCase_1');
      expect(stored?.passwordHash).to.match(/^\$2[aby]\$04\$/);
      expect(stored?.passwordHash).not.to.include('a good password');
    });

    it('reports every field error at once', () => {
      expect(validateRegistration('x', 'short').map((error) => error.field)).to.deep.equal(['username', 'password']);
      expect(validateRegistration('bad name!!', 'short').map((error) => error.field)).to.deep.equal(['username', 'password']);
      expect(validateRegistration('fine_name', 'fine password')).to.deep.equal([]);
    });

    it('treats non-string values as invalid, without throwing', () => {
      for (const value of [['a'], { a: 1 }, 42, null, true]) {
        expect(validateRegistration(value, value)).to.have.length(2);
      }
    });

    it('answers username_taken ignoring case', async () => {
      const { users } = createMemoryStores();
      const accounts = new Accounts({ users, hasher: new BcryptHasher(4) });
      await accounts.register('someone', 'a good password');
      expect(await accounts.register('SomeOne', 'a good password')).to.deep.equal({
        ok: false,
        reason: 'username_taken',
      });
    });

    it('lets store outages through', async () => {
      const { users } = createMemoryStores();
      users.create = () => Promise.reject(new StoreUnavailableError('down'));
      const accounts = new Accounts({ users, hasher: new BcryptHasher(4) });
      const error = await accounts.register('someone', 'a good password').catch((e: unknown) => e);
      expect(error).to.be.instanceOf(StoreUnavailableError);
    });
  });

  describe('authenticate', () => {
    let accounts: Accounts;
    let hasher: CountingHasher;

    beforeEach(async () => {
      hasher = new CountingHasher();
      accounts = new Accounts({ users: createMemoryStores().users, hasher });
      await accounts.register('Alice', 'alice password');
      hasher.verified.length = 0;
    });

    it('returns the account in its registered spelling, whatever the case typed', async () => {
      expect((await accounts.authenticate('aLiCe', 'alice password'))?.username).to.equal('Alice');
    });

    it('does one hash compare for an unknown user, a wrong password and an over-long password', async () => {
      expect(await accounts.authenticate('nobody', 'alice password')).to.equal(null);
      expect(await accounts.authenticate('Alice', 'wrong password')).to.equal(null);
      expect(await accounts.authenticate('Alice', `alice password${'!'.repeat(70)}`)).to.equal(null);
      expect(await accounts.authenticate('not a name!', 'alice password')).to.equal(null);
      expect(hasher.verified).to.have.length(4);
      // Unknown and over-long both compare against the one dummy hash, made with the same cost.
      const [unknown, wrong, tooLong, malformed] = hasher.verified;
      expect(unknown).to.equal(tooLong).and.to.equal(malformed);
      expect(unknown?.slice(0, 7)).to.equal(wrong?.slice(0, 7));
    });
  });
});

describe('resolveSessionSecret', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'secret-test-'));
  });

  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('uses SESSION_SECRET when set, writing nothing', () => {
    expect(resolveSessionSecret({ sessionSecret: 'from-the-environment-0123456789', dataDir })).to.equal(
      'from-the-environment-0123456789',
    );
    expect(() => statSync(path.join(dataDir, 'session-secret'))).to.throw();
  });

  it('generates one into DATA_DIR (mode 0600, creating the folder) and reuses it', () => {
    const nested = path.join(dataDir, 'a', 'b');
    const first = resolveSessionSecret({ sessionSecret: undefined, dataDir: nested });
    expect(first).to.match(/^[0-9a-f]{96}$/);
    const file = path.join(nested, 'session-secret');
    expect(statSync(file).mode & 0o777).to.equal(0o600);
    expect(readFileSync(file, 'utf8').trim()).to.equal(first);
    expect(resolveSessionSecret({ sessionSecret: undefined, dataDir: nested })).to.equal(first);
  });

  it('refuses a stored secret too short to trust', () => {
    writeFileSync(path.join(dataDir, 'session-secret'), 'short\n');
    expect(() => resolveSessionSecret({ sessionSecret: undefined, dataDir })).to.throw(/session secret/);
  });
});

describe('loadConfig', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'config-test-'));
  });

  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('resolves the session secret itself: the one kept in DATA_DIR when SESSION_SECRET is unset', () => {
    const first = loadConfig({ DATA_DIR: dataDir });
    expect(first.sessionSecret).to.equal(readFileSync(path.join(dataDir, 'session-secret'), 'utf8').trim());
    expect(loadConfig({ DATA_DIR: dataDir }).sessionSecret).to.equal(first.sessionSecret);
  });

  it('reports an unusable stored secret with the other bad keys, and writes nothing for a bad environment', () => {
    writeFileSync(path.join(dataDir, 'session-secret'), 'short\n');
    expect(() => loadConfig({ DATA_DIR: dataDir })).to.throw(ConfigError, /SESSION_SECRET: .*no usable session secret/);
    const empty = path.join(dataDir, 'empty');
    expect(() => loadConfig({ DATA_DIR: empty, PORT: 'nope' })).to.throw(ConfigError, /PORT/);
    expect(() => statSync(empty)).to.throw();
  });
});
