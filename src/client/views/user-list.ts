/**
 * People: other users, each with their avatar and its presence dot and, when offline, when they were
 * last seen. Also renders the results of the people search. Activating a person opens the
 * conversation. The button is named by what it shows ("alice, online").
 */
import type { User } from '../../shared/types';
import { h, reconcile } from '../dom';
import { fullName } from '../names';
import { formatLastSeen, parseTimestamp } from '../time';
import { createAvatar, drawAvatar } from './avatar';
import { setName } from './name';

export class UserListView {
  constructor(
    private readonly list: HTMLElement,
    onPick: (username: string) => void,
  ) {
    list.addEventListener('click', (event) => {
      const button = event.target instanceof Element ? event.target.closest<HTMLElement>('button[data-username]') : null;
      const username = button?.dataset.username;
      if (username) onPick(username);
    });
  }

  render(users: readonly User[], now: Date): void {
    reconcile(
      this.list,
      users,
      (user) => user.username.toLowerCase(),
      (user) =>
        h(
          'li',
          { class: 'person' },
          h(
            'button',
            { type: 'button', class: 'person-button', 'data-username': user.username },
            createAvatar(),
            h(
              'span',
              { class: 'person-text' },
              h('span', { class: 'person-name' }),
              h('span', { class: 'visually-hidden' }, ', '),
              h('span', { class: 'person-status' }),
            ),
          ),
        ),
      (element, user) => updatePerson(element, user, now),
    );
  }
}

function updatePerson(element: HTMLElement, user: User, now: Date): void {
  const button = element.querySelector('button');
  if (!button) return;
  element.classList.toggle('online', user.online);
  const avatar = button.querySelector<HTMLElement>('.avatar');
  if (avatar) drawAvatar(avatar, { kind: 'person', username: user.username, online: user.online });
  const personName = button.querySelector<HTMLElement>('.person-name');
  if (personName) setName(personName, user);
  const status = statusText(user, now);
  setText(button.querySelector('.person-status'), status);
  button.title = `Message ${fullName(user)}`;
}

export function statusText(user: User, now: Date): string {
  if (user.online) return 'online';
  const lastSeen = parseTimestamp(user.lastSeen);
  return lastSeen ? `offline, last seen ${formatLastSeen(lastSeen, now)}` : 'offline';
}

function setText(element: Element | null, text: string): void {
  if (element && element.textContent !== text) element.textContent = text;
}
