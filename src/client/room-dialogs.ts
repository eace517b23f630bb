/**
 * The page's room and nickname controls: the "New room" and "Find rooms" buttons of the
 * sidebar, the open room's "Members" button, the "Nickname" button of the header, and the dialogs
 * behind them. Requests go through RoomRequests; the app opens conversations.
 */
import type { Channel, User } from '../shared/types';
import type { Connection } from './connection';
import { byId } from './dom';
import type { RoomRequests } from './room-requests';
import { isMe, nameOf, openChannel, userOf } from './store/selectors';
import type { Store } from './store/store';
import { BrowseRoomsDialog } from './views/browse-rooms-dialog';
import { CreateRoomDialog } from './views/create-room-dialog';
import { NicknameDialog } from './views/nickname-dialog';
import { RoomDialog } from './views/room-dialog';
import { describeError } from './errors';

export type RoomDialogsDeps = {
  connection: Connection;
  store: Store;
  requests: RoomRequests;
  openChannel(channelId: string): void;
  openDirect(username: string): void;
  openEveryone(): void;
  /** A short confirmation under the composer. */
  tell(text: string): void;
  /** The composer: focus lands there once a dialog led to a conversation. */
  landing: HTMLElement;
};

export class RoomDialogs {
  private readonly membersButton = byId<HTMLButtonElement>('room-members-button');
  private readonly membersCount = byId('room-members-count');
  private readonly create: CreateRoomDialog;
  private readonly browse: BrowseRoomsDialog;
  private readonly room: RoomDialog;
  private readonly nickname: NicknameDialog;

  constructor(deps: RoomDialogsDeps) {
    const { store, connection, landing } = deps;
    const commands = deps.requests;
    const find = async (query: string): Promise<User[] | string> => {
      const reply = await connection.request('findUsers', { query });
      return reply.ok ? reply.users : describeError('findUsers', reply.error.code);
    };
    this.create = new CreateRoomDialog({
      find,
      isMe: (username) => isMe(store.state, username),
      create: (room) => commands.create(room),
      created: (channel) => {
        deps.openChannel(channel.id);
        deps.tell(`Room # ${channel.name} created.`);
      },
      landing,
    });
    this.browse = new BrowseRoomsDialog({
      search: (query) => commands.search(query),
      isMember: (channelId) => store.state.channels.has(channelId),
      join: (channelId) => commands.join(channelId),
      openRoom: (channelId) => deps.openChannel(channelId),
      landing,
    });
    this.room = new RoomDialog({
      find,
      me: () => store.state.me.username,
      user: (username) => userOf(store.state, username),
      nameOf: (username) => nameOf(store.state, username),
      invite: (channelId, username) => commands.invite(channelId, username),
      leave: async (channelId) => {
        const name = store.state.channels.get(channelId)?.name ?? '';
        const failure = await commands.leave(channelId);
        if (!failure) {
          deps.openEveryone();
          deps.tell(`You left # ${name}.`);
        }
        return failure;
      },
      openDirect: (username) => deps.openDirect(username),
      landing,
    });
    this.nickname = new NicknameDialog({
      me: () => store.state.me,
      save: (nickname) => commands.setNickname(nickname),
      saved: (user) => deps.tell(user.nickname ? `Your nickname is now ${user.nickname}.` : 'Your nickname is cleared.'),
    });
    byId('new-room').addEventListener('click', () => this.create.open());
    byId('browse-rooms').addEventListener('click', () => this.browse.open());
    byId('edit-nickname').addEventListener('click', () => this.nickname.open());
    this.membersButton.addEventListener('click', () => {
      const open = openChannel(store.state);
      if (open?.kind === 'room') this.room.open(open);
    });
  }

  /** Follows the open conversation: the Members button for rooms, the open dialogs' contents. */
  render(open: Channel | undefined, channels: ReadonlyMap<string, Channel>): void {
    const isRoom = open?.kind === 'room';
    this.membersButton.hidden = !isRoom;
    const count = String(open?.members?.length ?? '');
    if (this.membersCount.textContent !== count) this.membersCount.textContent = count;
    const shown = this.room.openRoomId;
    if (shown !== undefined) this.room.render(channels.get(shown));
    this.browse.refresh();
  }
}
