/**
 * The open room's details: its members with presence dots (a member opens a private
 * conversation), a field to invite someone by username, and Leave, confirmed first because a
 * private room can only be re-entered by invitation. Re-rendered with the page while open, so
 * presence, nicknames and the member list stay live.
 */
import type { Channel, User } from '../../shared/types';
import { byId, h, reconcile } from '../dom';
import type { NameParts } from '../names';
import { isFailure, type Failure } from '../room-requests';
import { describeRoom, sortMembers } from '../room-text';
import { createAvatar, drawAvatar } from './avatar';
import { statusText } from './user-list';
import { Modal } from './modal';
import { setName } from './name';
import { UserPicker } from './user-picker';
import { describeError } from '../errors';

export type RoomDialogDeps = {
  find(query: string): Promise<User[] | string>;
  me(): string;
  user(username: string): User | undefined;
  nameOf(username: string): NameParts;
  invite(channelId: string, username: string): Promise<Channel | Failure>;
  leave(channelId: string): Promise<Failure | undefined>;
  openDirect(username: string): void;
  /** Where focus goes when the dialog led to another conversation (the composer). */
  landing: HTMLElement;
};

export class RoomDialog {
  private readonly modal: Modal;
  private readonly title = byId('room-dialog-title');
  private readonly meta = byId('room-dialog-meta');
  private readonly members = byId('room-member-list');
  private readonly inviteForm = byId<HTMLFormElement>('invite-form');
  private readonly inviteInput = byId<HTMLInputElement>('invite-input');
  private readonly inviteStatus = byId('invite-status');
  private readonly leaveButton = byId<HTMLButtonElement>('leave-room');
  private readonly leaveConfirm = byId('leave-confirm');
  private readonly leaveWarning = byId('leave-warning');
  private readonly picker: UserPicker;
  private room: Channel | undefined;

  constructor(private readonly deps: RoomDialogDeps) {
    this.modal = new Modal(byId<HTMLDialogElement>('room-dialog'), () => {
      this.room = undefined;
    });
    this.picker = new UserPicker({
      input: this.inviteInput,
      listbox: byId('invite-options'),
      find: deps.find,
      exclude: (username) => this.isMember(username),
      pick: (user) => {
        this.inviteInput.value = user.username;
        void this.invite();
      },
    });
    this.inviteForm.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.invite();
    });
    this.members.addEventListener('click', (event) => {
      const button = event.target instanceof Element ? event.target.closest<HTMLElement>('button[data-username]') : null;
      const username = button?.dataset.username;
      if (!username) return;
      this.modal.close(deps.landing);
      deps.openDirect(username);
    });
    this.leaveButton.addEventListener('click', () => this.askToLeave(true));
    byId('leave-cancel').addEventListener('click', () => {
      this.askToLeave(false);
      this.leaveButton.focus();
    });
    byId('leave-confirm-button').addEventListener('click', () => void this.leave());
  }

  get openRoomId(): string | undefined {
    return this.modal.isOpen ? this.room?.id : undefined;
  }

  open(room: Channel, focusInvite = false): void {
    this.room = room;
    this.picker.reset();
    this.inviteStatus.textContent = '';
    this.inviteStatus.classList.remove('error');
    this.askToLeave(false);
    this.draw(room);
    this.modal.open(focusInvite ? this.inviteInput : undefined);
  }

  /** The room as it is now; undefined when the user is no longer in it (the dialog closes). */
  render(room: Channel | undefined): void {
    if (!this.modal.isOpen) return;
    if (room) this.draw(room);
    else this.modal.close(this.deps.landing);
  }

  private draw(room: Channel): void {
    this.room = room;
    const usernames = room.members ?? [];
    const online = (username: string) => this.deps.user(username)?.online ?? false;
    const title = `# ${room.name}`;
    if (this.title.textContent !== title) this.title.textContent = title;
    this.meta.textContent = describeRoom(room, usernames.filter(online).length);
    const me = this.deps.me();
    reconcile(
      this.members,
      sortMembers(usernames, online, me),
      (username) => username.toLowerCase(),
      (username) => this.createMember(username, me),
      (element, username) => this.updateMember(element, username, me),
    );
  }

  private createMember(username: string, me: string): HTMLElement {
    const isMe = username.toLowerCase() === me.toLowerCase();
    // Named by what it shows ("ben, online"), the action in hidden text after it.
    const content = [
      createAvatar(),
      h(
        'span',
        { class: 'person-text' },
        h('span', { class: 'person-name' }),
        h('span', { class: 'visually-hidden' }, ', '),
        h('span', { class: 'person-status' }),
        isMe ? null : h('span', { class: 'visually-hidden' }, '. Send a private message'),
      ),
    ];
    const body = isMe
      ? h('div', { class: 'person-button member-me' }, ...content)
      : h('button', { type: 'button', class: 'person-button', 'data-username': username }, ...content);
    return h('li', { class: 'person' }, body);
  }

  private updateMember(element: HTMLElement, username: string, me: string): void {
    const user = this.deps.user(username) ?? { username, online: false };
    const isMe = username.toLowerCase() === me.toLowerCase();
    element.classList.toggle('online', user.online);
    const avatar = element.querySelector<HTMLElement>('.avatar');
    if (avatar) drawAvatar(avatar, { kind: 'person', username, online: user.online });
    const name = element.querySelector<HTMLElement>('.person-name');
    if (name) setName(name, this.deps.nameOf(username));
    const status = isMe ? 'you' : statusText(user, new Date());
    const statusElement = element.querySelector('.person-status');
    if (statusElement && statusElement.textContent !== status) statusElement.textContent = status;
  }

  private isMember(username: string): boolean {
    return (this.room?.members ?? []).some((name) => name.toLowerCase() === username.toLowerCase());
  }

  private async invite(): Promise<void> {
    const room = this.room;
    const username = this.inviteInput.value.trim().replace(/^@/, '');
    if (!room || username === '') return;
    if (this.isMember(username)) return this.showInviteStatus(`${username} is already a member.`, true);
    this.picker.close();
    const result = await this.deps.invite(room.id, username);
    if (isFailure(result)) return this.showInviteStatus(describeError('invite', result.code), true);
    this.picker.reset();
    this.render(result);
    this.showInviteStatus(`${username} is now a member.`, false);
  }

  private showInviteStatus(text: string, error: boolean): void {
    this.inviteStatus.textContent = text;
    this.inviteStatus.classList.toggle('error', error);
    if (error) this.inviteInput.setAttribute('aria-invalid', 'true');
    else this.inviteInput.removeAttribute('aria-invalid');
  }

  private askToLeave(asking: boolean): void {
    this.leaveConfirm.hidden = !asking;
    this.leaveButton.hidden = asking;
    if (!asking) return;
    const room = this.room;
    this.leaveWarning.textContent = room?.private
      ? `Leave # ${room.name}? It is private: you can only come back if a member invites you.`
      : `Leave # ${room?.name ?? 'this room'}? You can join it again from Find rooms.`;
    byId('leave-confirm-button').focus();
  }

  private async leave(): Promise<void> {
    const room = this.room;
    if (!room) return;
    const failure = await this.deps.leave(room.id);
    if (failure) {
      this.leaveWarning.textContent = describeError('leave', failure.code);
      return;
    }
    this.modal.close(this.deps.landing);
  }
}
