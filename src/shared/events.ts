/** The Socket.IO event maps of docs/protocol.md: what each side may emit, with its payload and ack. */
import type {
  Ack,
  Channel,
  ChannelResult,
  ChannelsResult,
  EmptyResult,
  HistoryResult,
  Message,
  MessageResult,
  ReadReceipt,
  RoomEvent,
  SearchResult,
  TypingNotice,
  User,
  UserResult,
  UsersResult,
} from './types';
import type {
  ChannelRef,
  ChatHistoryPayload,
  ChatMessagePayload,
  CreateRoomPayload,
  DeleteMessagePayload,
  EditMessagePayload,
  FindUsersPayload,
  InviteToRoomPayload,
  ListRoomsPayload,
  MarkReadPayload,
  ReactPayload,
  SearchMessagesPayload,
  SetNicknamePayload,
  WatchPresencePayload,
} from './schemas';

/** What a well-behaved client emits. The server does not trust these types: see `IncomingEvents`. */
export interface ClientToServerEvents {
  channels: (ack: Ack<ChannelsResult>) => void;
  chatHistory: (payload: ChatHistoryPayload, ack: Ack<HistoryResult>) => void;
  chatMessage: (payload: ChatMessagePayload, ack: Ack<MessageResult>) => void;
  typing: (payload: ChannelRef) => void;
  doneTyping: (payload: ChannelRef) => void;
  markRead: (payload: MarkReadPayload, ack: Ack<EmptyResult>) => void;
  findUsers: (payload: FindUsersPayload, ack: Ack<UsersResult>) => void;
  setNickname: (payload: SetNicknamePayload, ack: Ack<UserResult>) => void;
  createRoom: (payload: CreateRoomPayload, ack: Ack<ChannelResult>) => void;
  listRooms: (payload: ListRoomsPayload, ack: Ack<ChannelsResult>) => void;
  joinRoom: (payload: ChannelRef, ack: Ack<ChannelResult>) => void;
  inviteToRoom: (payload: InviteToRoomPayload, ack: Ack<ChannelResult>) => void;
  leaveRoom: (payload: ChannelRef, ack: Ack<EmptyResult>) => void;
  editMessage: (payload: EditMessagePayload, ack: Ack<MessageResult>) => void;
  deleteMessage: (payload: DeleteMessagePayload, ack: Ack<EmptyResult>) => void;
  react: (payload: ReactPayload, ack: Ack<MessageResult>) => void;
  searchMessages: (payload: SearchMessagesPayload, ack: Ack<SearchResult>) => void;
  watchPresence: (payload: WatchPresencePayload, ack: Ack<UsersResult>) => void;
}

export type ClientEventName = keyof ClientToServerEvents;

export const CLIENT_EVENTS = [
  'channels',
  'chatHistory',
  'chatMessage',
  'typing',
  'doneTyping',
  'markRead',
  'findUsers',
  'setNickname',
  'createRoom',
  'listRooms',
  'joinRoom',
  'inviteToRoom',
  'leaveRoom',
  'editMessage',
  'deleteMessage',
  'react',
  'searchMessages',
  'watchPresence',
] as const satisfies readonly ClientEventName[];

/** The server's view of client events: arguments are unknown until parsed. */
export type IncomingEvents = { [K in ClientEventName]: (...args: unknown[]) => void };

export interface ServerToClientEvents {
  updateUsers: (users: User[]) => void;
  userStatus: (user: User) => void;
  chatMessage: (message: Message) => void;
  typing: (notice: TypingNotice) => void;
  doneTyping: (notice: TypingNotice) => void;
  channelUpdate: (channel: Channel) => void;
  messageUpdated: (message: Message) => void;
  readReceipt: (receipt: ReadReceipt) => void;
  /** Not in the contract (docs/room-events.md): a room's members changed; to the room's members. */
  roomEvent: (event: RoomEvent) => void;
}

export type ServerEventName = keyof ServerToClientEvents;
