/**
 * The session-signing secret: SESSION_SECRET when set, else one generated on first start and kept
 * in DATA_DIR (mode 0600), so sessions survive a restart without any set-up. Called by loadConfig.
 */
import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const FILE_NAME = 'session-secret';
const MIN_LENGTH = 32;

export function resolveSessionSecret(config: { sessionSecret: string | undefined; dataDir: string }): string {
  if (config.sessionSecret) return config.sessionSecret;
  const file = path.join(config.dataDir, FILE_NAME);
  const stored = readSecret(file);
  if (stored !== undefined) return stored;
  mkdirSync(config.dataDir, { recursive: true });
  const secret = randomBytes(48).toString('hex');
  // Written whole to a private file, then linked into place: link() fails when the name exists, so
  // when several processes start at once the first wins, and nobody ever reads a half-written file.
  const draft = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  try {
    writeFileSync(draft, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    linkSync(draft, file);
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw new Error(`Cannot store the session secret in ${file}`, { cause: error }); // fs errors carry a code
    }
    return readSecret(file) ?? unusable(file);
  } finally {
    rmSync(draft, { force: true });
  }
}

/** The stored secret, or undefined when there is no file yet. */
function readSecret(file: string): string | undefined {
  let content: string;
  try {
    content = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined; // fs errors carry a code
    throw new Error(`Cannot read the session secret from ${file}`, { cause: error });
  }
  const secret = content.trim();
  return secret.length >= MIN_LENGTH ? secret : unusable(file);
}

function unusable(file: string): never {
  throw new Error(
    `${file} holds no usable session secret (at least ${MIN_LENGTH} characters): delete it to generate one, or set SESSION_SECRET`,
  );
}
