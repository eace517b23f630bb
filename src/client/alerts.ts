/**
 * Getting the user's attention for messages they are not looking at: the unread total in the tab
 * title, a chime (unless sound is off or the conversation muted) and, when allowed, a desktop
 * notification while the tab is hidden. A message that mentions the user alerts even in a muted
 * conversation, with a notification even while the tab shows another conversation.
 */
import type { Message } from '../shared/types';
import { parseMessage, plainText } from './format/parse';
import { showNotification } from './notifications';
import type { Preferences } from './preferences';
import { PRODUCT_NAME } from './product';
import type { Chime } from './sounds';

export class Alerts {
  private readonly baseTitle: string;

  constructor(
    private readonly preferences: () => Readonly<Preferences>,
    private readonly chime: Chime,
  ) {
    this.baseTitle = document.title || PRODUCT_NAME;
  }

  setUnreadTotal(total: number): void {
    const title = total > 0 ? `(${total > 999 ? '999+' : total}) ${this.baseTitle}` : this.baseTitle;
    if (document.title !== title) document.title = title;
  }

  /** A message from someone else arrived in a conversation the user is not looking at; `mentioned`: it mentions them. */
  newMessage(message: Message, conversationTitle: string, onOpen: () => void, mentioned = false): void {
    const preferences = this.preferences();
    if (preferences.muted.includes(message.channelId) && !mentioned) return;
    if (preferences.sound) this.chime.play();
    // A mention is worth a notification whenever the user is not reading that conversation.
    if (preferences.notifications && (mentioned || document.visibilityState === 'hidden')) {
      const body = plainText(parseMessage(message.text));
      const where = conversationTitle === message.from ? '' : ` in ${conversationTitle}`;
      const title = mentioned ? `${message.from} mentioned you${where}` : `${message.from}${where}`;
      showNotification(title, body, message.channelId, onOpen);
    }
  }
}
