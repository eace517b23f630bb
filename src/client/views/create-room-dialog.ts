/**
 * "New room": a name, public or private, and optionally people to add at once (picked from
 * suggestions or typed as usernames). Problems are listed in the dialog, which stays open until
 * the room exists.
 */
import type { Channel, User } from '../../shared/types';
import { byId, h, reconcile } from '../dom';
import { checkRoomName } from '../names';
import { isFailure, type Failure } from '../room-requests';
import { addUsername, parseUsernames } from '../room-text';
import { Modal } from './modal';
import { UserPicker } from './user-picker';
import { describeError } from '../errors';

export type NewRoom = { name: string; private: boolean; members: string[] };

export type CreateRoomDeps = {
  find(query: string): Promise<User[] | string>;
  isMe(username: string): boolean;
  /** Resolves to the room, or to the server's refusal. */
  create(room: NewRoom): Promise<Channel | Failure>;
  created(channel: Channel): void;
  /** Where focus goes once the room is open (the composer). */
  landing: HTMLElement;
};

export class CreateRoomDialog {
  private readonly modal: Modal;
  private readonly form = byId<HTMLFormElement>('create-room-form');
  private readonly name = byId<HTMLInputElement>('room-name');
  private readonly membersInput = byId<HTMLInputElement>('room-members-input');
  private readonly chosenList = byId('room-members-chosen');
  private readonly error = byId('create-room-error');
  private readonly picker: UserPicker;
  private chosen: string[] = [];
  private busy = false;

  constructor(private readonly deps: CreateRoomDeps) {
    this.modal = new Modal(byId<HTMLDialogElement>('create-room-dialog'));
    this.picker = new UserPicker({
      input: this.membersInput,
      listbox: byId('room-members-options'),
      find: deps.find,
      exclude: (username) => deps.isMe(username) || this.chosen.some((name) => name.toLowerCase() === username.toLowerCase()),
      pick: (user) => {
        this.picker.reset();
        this.setChosen(addUsername(this.chosen, user.username));
      },
    });
    this.membersInput.addEventListener('keydown', (event) => {
      // Enter on a typed name adds it to the list (the picker has taken Enter on a suggestion).
      if (event.key !== 'Enter' || event.defaultPrevented || this.membersInput.value.trim() === '') return;
      event.preventDefault();
      this.addTyped();
    });
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.submit();
    });
    this.chosenList.addEventListener('click', (event) => {
      const button = event.target instanceof Element ? event.target.closest<HTMLElement>('button[data-username]') : null;
      const username = button?.dataset.username;
      if (!username) return;
      this.setChosen(this.chosen.filter((name) => name !== username));
      this.membersInput.focus();
    });
  }

  open(): void {
    this.form.reset();
    this.picker.reset();
    this.setChosen([]);
    this.showError('');
    this.modal.open(this.name);
  }

  private async submit(): Promise<void> {
    if (this.busy) return;
    const name = checkRoomName(this.name.value);
    if (!name.ok) return this.showError(name.error, this.name);
    if (!this.addTyped()) return;
    const members = this.chosen;
    const isPrivate = new FormData(this.form).get('visibility') === 'private';
    this.busy = true;
    this.showError('');
    const result = await this.deps.create({ name: name.value, private: isPrivate, members });
    this.busy = false;
    // not_found names a person who does not exist; anything else is about the room's name.
    if (isFailure(result))
      return this.showError(
        describeError('createRoom', result.code),
        result.code === 'not_found' ? this.membersInput : this.name,
      );
    this.modal.close(this.deps.landing);
    this.deps.created(result);
  }

  /** Moves the usernames typed in the field to the list; false when one cannot be a username. */
  private addTyped(): boolean {
    const typed = parseUsernames(this.membersInput.value);
    if (typed.invalid.length > 0) {
      this.showError(`Not a username: ${typed.invalid.join(', ')}`, this.membersInput);
      return false;
    }
    let chosen = this.chosen;
    for (const username of typed.usernames) if (!this.deps.isMe(username)) chosen = addUsername(chosen, username);
    this.setChosen(chosen);
    this.picker.reset();
    this.showError('');
    return true;
  }

  private setChosen(usernames: string[]): void {
    this.chosen = usernames;
    this.chosenList.hidden = usernames.length === 0;
    reconcile(
      this.chosenList,
      usernames,
      (username) => username.toLowerCase(),
      (username) =>
        h(
          'li',
          { class: 'chip' },
          h('span', {}, username),
          h(
            'button',
            { type: 'button', class: 'chip__remove', 'data-username': username, 'aria-label': `Remove ${username}` },
            h('span', { 'aria-hidden': 'true' }, '×'),
          ),
        ),
      () => undefined,
    );
  }

  private showError(text: string, field?: HTMLInputElement): void {
    this.error.textContent = text;
    for (const input of [this.name, this.membersInput]) {
      if (input === field) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
    }
    field?.focus();
  }
}
