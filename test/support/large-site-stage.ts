/**
 * A browser stage on a large site (more than 500 users): the contract's threshold, which the rest
 * of the suite raises (test/support/test-app.ts), and a database of its own (a scratch MySQL
 * database in services mode: the shared one must stay small for the other suites).
 */
import { LIMITS } from '../../src/shared';
import { scratchMysqlUrl } from '../store/support';
import { useBrowserStage, type BrowserStage } from './browser';

/** As `useBrowserStage`: call first in a `describeInBrowser` body. */
export function useLargeSiteStage(): BrowserStage {
  let scratch: { url: string; drop(): Promise<void> } | undefined;
  before(async () => {
    if (process.env.MYSQL_URL) scratch = await scratchMysqlUrl(process.env.MYSQL_URL);
  });
  const stage = useBrowserStage({
    app: () => ({
      env: { LARGE_SITE_USERS: String(LIMITS.fullUserListMax), ...(scratch ? { MYSQL_URL: scratch.url } : {}) },
    }),
  });
  after(() => scratch?.drop()); // below the stage: runs once the server has stopped
  return stage;
}
