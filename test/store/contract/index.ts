/**
 * The one contract suite every UserStore / ChannelStore / MessageStore implementation must pass:
 * memory, SQLite and MySQL run the very same expectations.
 */
import { channelContract } from './channels';
import { makeHelpers, type ChatStores, type ChatStoresFactory } from './fixture';
import { messageActionsContract } from './message-actions';
import { messageContract } from './messages';
import { roomEventContract } from './room-events';
import { searchContract } from './search';
import { userContract } from './users';

export { uniqueName, type ChatStores, type ChatStoresFactory } from './fixture';

export function describeStoreContract(name: string, factory: ChatStoresFactory): void {
  describe(`store contract: ${name}`, () => {
    let stores: ChatStores | undefined;
    const current = () => {
      if (!stores) throw new Error('The stores were not created');
      return stores;
    };
    const helpers = makeHelpers(current);

    before(async () => {
      stores = await factory();
    });
    after(async () => {
      await stores?.close();
    });

    userContract(current, helpers);
    channelContract(current, helpers);
    messageContract(current, helpers);
    messageActionsContract(current, helpers);
    searchContract(current, helpers);
    roomEventContract(current, helpers);
  });
}
