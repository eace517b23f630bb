/**
 * "Find rooms": public rooms whose name contains the search text (`listRooms`), each with Join,
 * or Open when the user is already in it. Joining opens the room and closes the dialog.
 */
import type { Channel } from '../../shared/types';
import { LIMITS } from '../../shared/limits';
import { byId, h, reconcile } from '../dom';
import { isFailure, type Failure } from '../room-requests';
import { roomSearchStatus } from '../room-text';
import { Modal } from './modal';
import { describeError } from '../errors';

export type BrowseRoomsDeps = {
  search(query: string): Promise<Channel[] | Failure>;
  isMember(channelId: string): boolean;
  join(channelId: string): Promise<Channel | Failure>;
  /** Shows a room the user is in. */
  openRoom(channelId: string): void;
  /** Where focus goes once a room is opened (the composer). */
  landing: HTMLElement;
};

const DEBOUNCE_MS = 200;

export class BrowseRoomsDialog {
  private readonly modal: Modal;
  private readonly input = byId<HTMLInputElement>('room-search');
  private readonly results = byId('room-results');
  private readonly status = byId('room-search-status');
  private timer: ReturnType<typeof setTimeout> | undefined;
  private latest: string | undefined;
  private rooms: Channel[] = [];

  constructor(private readonly deps: BrowseRoomsDeps) {
    this.modal = new Modal(byId<HTMLDialogElement>('browse-rooms-dialog'), () => clearTimeout(this.timer));
    this.input.maxLength = LIMITS.roomQueryMax;
    this.input.addEventListener('input', () => {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => void this.search(), DEBOUNCE_MS);
    });
    this.input.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        // A search field's Escape would only clear it; in this dialog it closes, like everywhere else.
        event.preventDefault();
        this.modal.close();
      } else if (event.key === 'ArrowDown') {
        event.preventDefault();
        this.results.querySelector('button')?.focus();
      }
    });
    this.results.addEventListener('click', (event) => {
      const button = event.target instanceof Element ? event.target.closest<HTMLButtonElement>('button[data-channel-id]') : null;
      const channelId = button?.dataset.channelId;
      if (button && channelId) void this.choose(button, channelId);
    });
  }

  open(): void {
    this.input.value = '';
    this.latest = undefined;
    this.modal.open(this.input);
    void this.search();
  }

  /** Membership changed elsewhere (joined on another tab, say): Join becomes Open and back. */
  refresh(): void {
    if (this.modal.isOpen) this.render();
  }

  private async search(): Promise<void> {
    const query = this.input.value.trim();
    this.latest = query;
    this.results.setAttribute('aria-busy', 'true');
    const found = await this.deps.search(query);
    if (query !== this.latest) return; // a newer search is on its way
    this.results.setAttribute('aria-busy', 'false');
    if (isFailure(found)) {
      this.rooms = [];
      this.status.textContent = describeError('searchRooms', found.code);
    } else {
      this.rooms = found;
      this.status.textContent = roomSearchStatus(found.length, query, LIMITS.roomsListed);
    }
    this.render();
  }

  private render(): void {
    reconcile(
      this.results,
      this.rooms,
      (room) => room.id,
      () =>
        h(
          'li',
          { class: 'room-result' },
          h('span', { class: 'room-result__name' }, h('span', { 'aria-hidden': 'true' }, '# '), h('bdi', {})),
          h('button', { type: 'button', class: 'button button--quiet button--small' }),
        ),
      (element, room) => {
        const member = this.deps.isMember(room.id);
        const name = element.querySelector('bdi');
        if (name && name.textContent !== room.name) name.textContent = room.name;
        const button = element.querySelector('button');
        if (!button) return;
        button.dataset.channelId = room.id;
        button.textContent = member ? 'Open' : 'Join';
        button.setAttribute('aria-label', `${member ? 'Open' : 'Join'} ${room.name}`);
      },
    );
  }

  private async choose(button: HTMLButtonElement, channelId: string): Promise<void> {
    if (this.deps.isMember(channelId)) {
      this.modal.close(this.deps.landing);
      this.deps.openRoom(channelId);
      return;
    }
    button.disabled = true;
    const joined = await this.deps.join(channelId);
    button.disabled = false;
    if (isFailure(joined)) {
      this.status.textContent = describeError('join', joined.code);
      return;
    }
    this.modal.close(this.deps.landing);
    this.deps.openRoom(joined.id);
  }
}
