/**
 * Getting the user's attention for messages they are not looking at: the unread total in the tab
 * title, a chime (unless sound is off or the conversation muted) and, when allowed, a desktop
 * notification while the tab is hidden.
 */
import type { Message } from '../shared/types';
import { parseMessage, plainText } from './format/parse';
import { showNotification } from './notifications';
import type { Preferences } from './preferences';
import type { Chime } from './sounds';

export class Alerts {
  private readonly baseTitle: string;

  constructor(
    private readonly preferences: () => Readonly<Preferences>,
    private readonly chime: Chime,
  ) {
    this.baseTitle = document.title || 'Chat';
  }

  setUnreadTotal(total: number): void {
    const title = total > 0 ? `(${total > 999 ? '999+' : total}) ${this.baseTitle}` : this.baseTitle;
    if (document.title !== title) document.title = title;
  }

  /** A message from someone else arrived in a conversation the user is not looking at. */
  newMessage(message: Message, conversationTitle: string, onOpen: () => void): void {
    const preferences = this.preferences();
    if (preferences.muted.includes(message.channelId)) return;
    if (preferences.sound) this.chime.play();
    if (preferences.notifications && document.visibilityState === 'hidden') {
      const body = plainText(parseMessage(message.text));
      const title = conversationTitle === message.from ? message.from : `${message.from} in ${conversationTitle}`;
      showNotification(title, body, message.channelId, onOpen);
    }
  }
}
