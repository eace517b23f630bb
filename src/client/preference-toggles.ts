/**
 * The switches the user flips: sound, desktop notifications, muting the open conversation, and
 * the reactions' skin tone. Each saves the choice (PreferenceStore) and hands the store its new value.
 */
import type { Tell } from './conversations';
import type { SkinTone } from './emoji/skin-tones';
import { requestNotificationPermission } from './notifications';
import type { PreferenceStore } from './preferences';
import { isMuted } from './store/selectors';
import type { Store } from './store/store';

export class PreferenceToggles {
  constructor(
    private readonly store: Store,
    private readonly preferences: PreferenceStore,
    private readonly tell: Tell,
  ) {}

  toggleSound(): void {
    this.save(() => this.preferences.setSound(!this.preferences.sound));
  }

  /** Mutes the open conversation, or unmutes it. */
  toggleMute(): void {
    const channelId = this.store.state.openChannelId;
    if (!channelId) return;
    this.save(() => this.preferences.setMuted(channelId, !isMuted(this.store.state, channelId)));
  }

  setSkinTone(tone: SkinTone): void {
    this.save(() => this.preferences.setSkinTone(tone));
  }

  /** Turning notifications on asks the browser first; a refusal is said under the composer. */
  async toggleNotifications(): Promise<void> {
    if (this.preferences.notifications) {
      this.save(() => this.preferences.setNotifications(false));
    } else if (await requestNotificationPermission()) {
      this.save(() => this.preferences.setNotifications(true));
    } else {
      this.tell('Desktop notifications are blocked by the browser for this site.', 'error');
    }
    this.store.dispatch({ type: 'pageChanged' }); // the browser's permission shows in the header
  }

  private save(change: () => void): void {
    change();
    this.store.dispatch({ type: 'preferencesChanged', preferences: this.preferences.value });
  }
}
