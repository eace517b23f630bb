/** Runs the store contract on every implementation: memory and SQLite always, MySQL when MYSQL_URL is set. */
import { createMemoryStores } from '../../src/store/memory';
import { describeStoreContract } from './contract';
import { MYSQL_URL, openScratchMysqlStores, openStores, temporaryDir } from './support';

describeStoreContract('memory', async () => ({ ...createMemoryStores(), close: async () => undefined }));

describeStoreContract('SQLite', async () => {
  const folder = temporaryDir();
  const stores = await openStores({ dataDir: folder.dir });
  return {
    ...stores,
    async close() {
      await stores.close();
      folder.remove();
    },
  };
});

if (MYSQL_URL) {
  const baseUrl = MYSQL_URL;
  describeStoreContract('MySQL', () => openScratchMysqlStores(baseUrl));
}
