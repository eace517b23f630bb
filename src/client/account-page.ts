/**
 * The account page's script: the notification choices of this browser (the same ones the chat's
 * Sound and Alerts buttons set, kept in localStorage), and, as in the chat, logging out clears the
 * drafts this browser keeps. Without it the page still works; the section then says where to set them.
 */
import { DraftStore } from './drafts';
import { notificationPermission, notificationsSupported, requestNotificationPermission } from './notifications';
import { PreferenceStore } from './preferences';

function start(): void {
  const form = document.getElementById('notification-preferences');
  const sound = document.getElementById('pref-sound');
  const alerts = document.getElementById('pref-alerts');
  const status = document.getElementById('pref-status');
  if (!(form instanceof HTMLFormElement && sound instanceof HTMLInputElement && alerts instanceof HTMLInputElement)) return;
  const preferences = new PreferenceStore();
  const say = (text: string) => {
    if (status) status.textContent = text;
  };

  sound.checked = preferences.sound;
  alerts.checked = preferences.notifications && notificationPermission() === 'granted';
  alerts.disabled = !notificationsSupported();
  if (!notificationsSupported()) say('This browser cannot show desktop alerts.');
  form.hidden = false;
  document.getElementById('pref-without-script')?.setAttribute('hidden', '');

  sound.addEventListener('change', () => {
    preferences.setSound(sound.checked);
    say(sound.checked ? 'A sound will play for new messages.' : 'New messages will arrive silently.');
  });
  alerts.addEventListener('change', () => {
    if (!alerts.checked) {
      preferences.setNotifications(false);
      say('Desktop alerts are off.');
      return;
    }
    void requestNotificationPermission().then((granted) => {
      preferences.setNotifications(granted);
      alerts.checked = granted;
      say(granted ? 'Desktop alerts are on.' : 'Your browser blocks alerts from this site: allow them in its settings first.');
    });
  });

  const username = form.dataset.username;
  for (const logout of document.querySelectorAll<HTMLFormElement>('.logout-form')) {
    logout.addEventListener('submit', () => {
      if (username) new DraftStore(username).clearAll();
    });
  }
}

start();
