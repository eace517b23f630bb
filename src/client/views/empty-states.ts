/**
 * What the page says where there is nothing yet, so a newcomer knows what to do: a conversation
 * without messages introduces itself, and someone alone on the site is asked to invite a person,
 * with the site's sign-up address and a Copy button. Built as DOM nodes (names are user text).
 */
import { h } from '../dom';
import type { NameParts } from '../names';
import { PRODUCT_NAME } from '../product';
import { icon } from './icons';
import { nameNodes } from './name';

export type ConversationIntro =
  | { kind: 'alone' }
  | { kind: 'everyone' }
  | { kind: 'direct'; name: NameParts }
  | { kind: 'room'; name: string; private: boolean };

export class EmptyStates {
  private readonly intro = h('div', { class: 'empty-state conversation-intro', hidden: true });
  private readonly people = h('div', { class: 'empty-state people-empty', hidden: true });
  private shownIntro = '';
  private shownPeople = '';

  /** The intro goes above the message list, the invitation below the list of people. */
  constructor(
    messageList: HTMLElement,
    userList: HTMLElement,
    private readonly address = `${window.location.origin}/register`,
  ) {
    messageList.before(this.intro);
    userList.after(this.people);
  }

  /** `undefined`: the conversation has messages (or is still loading), so no intro. */
  renderIntro(intro: ConversationIntro | undefined): void {
    const key = JSON.stringify(intro ?? null);
    if (key === this.shownIntro) return;
    this.shownIntro = key;
    this.intro.hidden = intro === undefined;
    this.intro.replaceChildren(...(intro ? this.introNodes(intro) : []));
  }

  /**
   * What an empty People list says: `alone`, nobody else has signed up (invite someone); `search`,
   * a large site where the list holds only the people one talks with (find the rest by name).
   */
  renderPeople(empty: 'alone' | 'search' | undefined): void {
    const key = String(empty);
    if (key === this.shownPeople) return;
    this.shownPeople = key;
    this.people.hidden = empty === undefined;
    this.people.replaceChildren(...(empty ? this.peopleNodes(empty) : []));
  }

  private peopleNodes(empty: 'alone' | 'search'): Node[] {
    if (empty === 'alone') return [h('p', {}, 'No one else has signed up yet.'), this.invitation()];
    return [h('p', {}, 'People you talk with are listed here. Find anyone else by username with the search above.')];
  }

  private introNodes(intro: ConversationIntro): Node[] {
    switch (intro.kind) {
      case 'alone':
        return [
          h('h2', { class: 'empty-state__title' }, `Welcome to ${PRODUCT_NAME}: you are the first one here`),
          h('p', {}, 'Messages in Everyone reach everyone who signs up.'),
          this.invitation(),
        ];
      case 'everyone':
        return [
          h('h2', { class: 'empty-state__title' }, 'Say hello to everyone'),
          h('p', {}, 'Messages here reach everyone who has signed up. Pick a person on the left to talk one-to-one.'),
        ];
      case 'direct':
        return [
          h('h2', { class: 'empty-state__title' }, 'This is the start of your conversation with ', ...nameNodes(intro.name)),
          h('p', {}, 'Only the two of you see these messages.'),
        ];
      case 'room':
        return [
          h('h2', { class: 'empty-state__title' }, `Welcome to ${intro.name}`),
          h(
            'p',
            {},
            intro.private
              ? 'A private room: only its members see it. Add people with Members.'
              : 'A public room: anyone can find it with Find rooms and join. Add people with Members.',
          ),
        ];
    }
  }

  /** "Invite someone: share this address", the address, and a Copy button when the browser allows. */
  private invitation(): HTMLElement {
    const address = h('code', { class: 'invite__address' }, this.address);
    const status = h('span', { class: 'invite__status', role: 'status' });
    const copy = h('button', { type: 'button', class: 'button button--quiet invite__copy' }, icon('copy'), 'Copy address');
    copy.addEventListener('click', () => {
      const done = (text: string) => (status.textContent = text);
      if (!navigator.clipboard) {
        selectText(address);
        done('Selected: press Ctrl+C to copy.');
        return;
      }
      navigator.clipboard.writeText(this.address).then(
        () => done('Copied.'),
        () => {
          selectText(address);
          done('Selected: press Ctrl+C to copy.');
        },
      );
    });
    return h(
      'div',
      { class: 'invite' },
      h('p', { class: 'invite__lead' }, h('strong', {}, 'Invite someone: share this address')),
      h('p', { class: 'invite__row' }, address, copy, status),
    );
  }
}

function selectText(element: HTMLElement): void {
  const range = document.createRange();
  range.selectNodeContents(element);
  const selection = window.getSelection();
  selection?.removeAllRanges();
  selection?.addRange(range);
}
