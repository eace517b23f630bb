/**
 * `searchMessages`: the messages of the actor's channels (or of one of them) whose current text
 * holds every term of the query, newest first, a page at a time. The database's full-text index
 * does the matching (see MessageStore.search); this checks access and reads the query.
 */
import { LIMITS, searchWords, type SearchMessagesCommand, type SearchResult } from '../shared';
import type { ChannelAccess } from './channel-access';
import type { Actor } from './events';
import type { MessageStore } from './ports';
import { toMessage } from './views';

export class MessageSearcher {
  constructor(
    private readonly messages: MessageStore,
    private readonly access: ChannelAccess,
  ) {}

  /** `forbidden` when `channelId` is not a channel the actor belongs to. */
  async search(actor: Actor, command: SearchMessagesCommand): Promise<SearchResult> {
    const channel = command.channelId === undefined ? undefined : await this.access.require(command.channelId, actor.id);
    const words = searchWords(command.query);
    // Terms with no letter or digit in them ("***") can match no word: nothing to ask the database.
    if (words.length === 0) return { messages: [], hasMore: false };
    const page = await this.messages.search({
      userId: actor.id,
      words,
      channelId: channel?.id,
      before: command.before,
      limit: command.limit ?? LIMITS.searchDefault,
    });
    return { messages: page.messages.map(toMessage), hasMore: page.hasMore };
  }
}
