/**
 * The user's choices kept in localStorage: sound on/off, muted conversations, desktop
 * notifications, the reactions' skin tone. A missing, corrupt or unavailable storage gives the defaults.
 */
import { isSkinTone, type SkinTone } from './emoji/skin-tones';

const KEY = 'chat.preferences.v1';

export type Preferences = {
  sound: boolean;
  notifications: boolean;
  muted: string[];
  /** The reaction picker's skin tone; absent is none (0). */
  skinTone?: SkinTone;
};

const DEFAULTS: Preferences = { sound: true, notifications: false, muted: [] };

export class PreferenceStore {
  private current: Preferences;

  constructor(private readonly storage: Storage | undefined = safeLocalStorage()) {
    this.current = this.read();
  }

  /** The current choices, as the store holds them. */
  get value(): Preferences {
    return this.current;
  }

  get sound(): boolean {
    return this.current.sound;
  }

  get notifications(): boolean {
    return this.current.notifications;
  }

  isMuted(channelId: string): boolean {
    return this.current.muted.includes(channelId);
  }

  setSound(on: boolean): void {
    this.write({ ...this.current, sound: on });
  }

  setNotifications(on: boolean): void {
    this.write({ ...this.current, notifications: on });
  }

  setSkinTone(tone: SkinTone): void {
    this.write({ ...this.current, skinTone: tone });
  }

  setMuted(channelId: string, muted: boolean): void {
    const others = this.current.muted.filter((id) => id !== channelId);
    this.write({ ...this.current, muted: muted ? [...others, channelId] : others });
  }

  private read(): Preferences {
    try {
      const parsed: unknown = JSON.parse(this.storage?.getItem(KEY) ?? 'null');
      if (typeof parsed !== 'object' || parsed === null) return { ...DEFAULTS };
      const record = parsed as Record<string, unknown>; // checked field by field below
      return {
        sound: typeof record.sound === 'boolean' ? record.sound : DEFAULTS.sound,
        notifications: typeof record.notifications === 'boolean' ? record.notifications : DEFAULTS.notifications,
        muted: Array.isArray(record.muted) ? record.muted.filter((id): id is string => typeof id === 'string') : [],
        ...(isSkinTone(record.skinTone) ? { skinTone: record.skinTone } : {}),
      };
    } catch {
      return { ...DEFAULTS };
    }
  }

  private write(next: Preferences): void {
    this.current = next;
    try {
      this.storage?.setItem(KEY, JSON.stringify(next));
    } catch {
      // Storage full or blocked: the choice still holds for this page.
    }
  }
}

function safeLocalStorage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

const OPEN_CHANNEL_KEY = 'chat.openChannel';

/** The conversation open in this tab, kept per tab (sessionStorage) so a reload returns to it. */
export function recallOpenChannel(): string | undefined {
  try {
    return window.sessionStorage.getItem(OPEN_CHANNEL_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

export function rememberOpenChannel(channelId: string): void {
  try {
    window.sessionStorage.setItem(OPEN_CHANNEL_KEY, channelId);
  } catch {
    // Private mode or storage off: the page opens Everyone next time.
  }
}
