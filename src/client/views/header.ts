/**
 * The page header's live parts: who is signed in (nickname beside username), the connection
 * state, the sound toggle and the desktop notifications toggle. Logout is a plain form in the
 * template and needs no script; the Nickname button belongs to RoomDialogs.
 */
import type { ConnectionState } from '../connection';
import type { NameParts } from '../names';
import { setName } from './name';

export type HeaderElements = {
  me: HTMLElement;
  connection: HTMLElement;
  soundToggle: HTMLButtonElement;
  notifyToggle: HTMLButtonElement;
};

const CONNECTION_TEXT: Record<ConnectionState, string> = {
  connecting: 'Connecting…',
  connected: 'Online',
  reconnecting: 'Reconnecting…',
  'signed-out': 'Signed out',
};

export class HeaderView {
  constructor(
    private readonly elements: HeaderElements,
    callbacks: { toggleSound(): void; toggleNotifications(): void },
  ) {
    elements.soundToggle.addEventListener('click', () => callbacks.toggleSound());
    elements.notifyToggle.addEventListener('click', () => callbacks.toggleNotifications());
  }

  setMe(name: NameParts): void {
    setName(this.elements.me, name);
  }

  setConnection(state: ConnectionState): void {
    const { connection } = this.elements;
    connection.textContent = CONNECTION_TEXT[state];
    connection.dataset.state = state;
    document.body.dataset.connection = state;
  }

  setSound(on: boolean): void {
    const { soundToggle } = this.elements;
    soundToggle.setAttribute('aria-pressed', String(on));
    soundToggle.title = on ? 'Sound for new messages is on' : 'Sound for new messages is off';
  }

  /** `available` false hides the toggle (no Notification API, or permission denied). */
  setNotifications(on: boolean, available: boolean): void {
    const { notifyToggle } = this.elements;
    notifyToggle.hidden = !available;
    notifyToggle.setAttribute('aria-pressed', String(on));
    notifyToggle.title = on ? 'Desktop notifications are on' : 'Turn on desktop notifications';
  }
}
