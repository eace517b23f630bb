/**
 * The sidebar's conversations: `Everyone`, then direct channels and rooms, newest activity first,
 * each with an avatar (a person's with a presence dot, a room's `#`), its unread badge (and an `@`
 * badge for unread mentions) and a preview of the last message. The button is named by what it
 * shows, with the states the eye reads from dots and badges written out in hidden text.
 */
import type { Channel } from '../../shared/types';
import { h, reconcile } from '../dom';
import { parseMessage, plainText } from '../format/parse';
import { DELETED_TEXT } from '../store/message-selectors';
import { createAvatar, drawAvatar, type AvatarSubject } from './avatar';
import { setName, type Label } from './name';

export type ChannelItem = {
  channel: Channel;
  /** For the accessible name and tooltips. */
  title: string;
  /** What the entry shows: a person's name beside their nickname, or the title. */
  label: Label;
  open: boolean;
  muted: boolean;
  /** For direct channels: whether the other user is online. */
  online?: boolean;
  typing: boolean;
  preview: string;
};

export class ChannelListView {
  constructor(
    private readonly list: HTMLElement,
    onOpen: (channelId: string) => void,
  ) {
    list.addEventListener('click', (event) => {
      const button = event.target instanceof Element ? event.target.closest<HTMLElement>('button[data-channel-id]') : null;
      const channelId = button?.dataset.channelId;
      if (channelId) onOpen(channelId);
    });
  }

  render(items: readonly ChannelItem[]): void {
    reconcile(
      this.list,
      items,
      (item) => item.channel.id,
      (item) =>
        h(
          'li',
          { class: `channel channel-${item.channel.kind}` },
          h(
            'button',
            { type: 'button', class: 'channel-button', 'data-channel-id': item.channel.id },
            createAvatar(),
            h(
              'span',
              { class: 'channel-text' },
              h('span', { class: 'channel-name' }),
              h('span', { class: 'channel-state visually-hidden' }),
              h('span', { class: 'channel-preview' }),
            ),
            h('span', { class: 'channel-tag', 'aria-hidden': 'true' }, 'private'),
            h('span', { class: 'mention-badge', 'aria-hidden': 'true' }),
            h('span', { class: 'badge', 'aria-hidden': 'true' }),
          ),
        ),
      (element, item) => updateItem(element, item),
    );
  }
}

function updateItem(element: HTMLElement, item: ChannelItem): void {
  const button = element.querySelector('button');
  if (!button) return;
  const { channel } = item;
  element.classList.toggle('open', item.open);
  element.classList.toggle('unread', channel.unread > 0);
  element.classList.toggle('muted', item.muted);
  if (item.open) button.setAttribute('aria-current', 'true');
  else button.removeAttribute('aria-current');
  const name = button.querySelector<HTMLElement>('.channel-name');
  if (name) setName(name, item.label);
  const isPrivate = channel.kind === 'room' && channel.private === true;
  element.classList.toggle('private', isPrivate);
  setText(button.querySelector('.channel-preview'), item.typing ? 'typing…' : item.preview);
  const avatar = button.querySelector<HTMLElement>('.avatar');
  if (avatar) drawAvatar(avatar, avatarOf(item));
  const badge = button.querySelector('.badge');
  setText(badge, channel.unread > 0 ? (channel.unread > 99 ? '99+' : String(channel.unread)) : '');
  badge?.classList.toggle('hidden', channel.unread === 0);
  const mentions = channel.mentions ?? 0;
  const mentionBadge = button.querySelector('.mention-badge');
  setText(mentionBadge, mentions > 0 ? `@${mentions > 99 ? '99+' : mentions}` : '');
  mentionBadge?.classList.toggle('hidden', mentions === 0);
  element.classList.toggle('mentioned', mentions > 0);
  // Read after the name: "Everyone, 2 unread, 1 mention," then the preview.
  const states: string[] = [];
  if (channel.kind === 'room') states.push(isPrivate ? 'private room' : 'room');
  if (item.online !== undefined) states.push(item.online ? 'online' : 'offline');
  if (channel.unread > 0) states.push(`${channel.unread} unread`);
  if (mentions > 0) states.push(mentions === 1 ? '1 mention' : `${mentions} mentions`);
  if (item.muted) states.push('muted');
  setText(button.querySelector('.channel-state'), states.length > 0 ? `, ${states.join(', ')}: ` : ': ');
  button.title = item.title;
}

function avatarOf(item: ChannelItem): AvatarSubject {
  const { channel } = item;
  if (channel.kind === 'everyone') return { kind: 'everyone' };
  if (channel.kind === 'room') return { kind: 'room', name: channel.name };
  return { kind: 'person', username: channel.name, online: item.online };
}

/** "alice: hello" from the channel's last message, markup removed, on one line. */
export function previewOf(channel: Channel, displayName: (username: string) => string): string {
  const last = channel.lastMessage;
  if (!last) return channel.kind === 'everyone' ? 'Everyone who has signed up' : 'No messages yet';
  const text = last.deleted ? DELETED_TEXT : plainText(parseMessage(last.text)).replace(/\s+/g, ' ').trim();
  // A message of files alone previews as its files' names, never as an empty "alice: ".
  const said = text || (last.attachments ?? []).map((file) => file.name).join(', ');
  const shown = said.length > 80 ? `${said.slice(0, 80)}…` : said;
  return channel.kind === 'direct' && last.from.toLowerCase() === channel.name.toLowerCase()
    ? shown
    : `${displayName(last.from)}: ${shown}`;
}

function setText(element: Element | null, text: string): void {
  if (element && element.textContent !== text) element.textContent = text;
}
