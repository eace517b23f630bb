/**
 * Attachments: receiving an upload into the store as its bytes arrive (the size limit enforced as
 * they do), who may fetch one (its uploader until it is posted, then the channel's members), reading
 * its bytes back piece by piece, and the sweeper of uploads never posted.
 */
import { randomBytes } from 'node:crypto';
import { attachmentUrl, LIMITS, type Attachment } from '../shared';
import type { ChannelAccess } from './channel-access';
import { invalid } from './errors';
import { sniffType, SNIFF_BYTES } from './file-types';
import type { AttachmentStore, Clock } from './ports';
import type { AttachmentInfo, AttachmentRecord } from './records';

/** Every stored piece but the last has exactly this many bytes, so a byte range maps to pieces. */
export const CHUNK_BYTES = 256 * 1024;

/** Uploads never posted are removed this long after they began. */
export const UNPOSTED_MAX_AGE_MS = 24 * 60 * 60 * 1000;

/** The upload passed the size limit; nothing of it is kept. */
export class UploadTooLargeError extends Error {
  constructor(
    readonly maxBytes: number,
    /** The file's name (cleaned), so the refusal can say which file. */
    readonly fileName?: string,
  ) {
    super(`The file is larger than ${maxBytes} bytes`);
    this.name = 'UploadTooLargeError';
  }
}

/** An upload whose bytes are stored but which nobody can see yet: commit it or discard it. */
export type StagedUpload = {
  commit(): Promise<Attachment>;
  discard(): Promise<void>;
};

/** An attachment someone may fetch, and its bytes. */
export type OpenAttachment = {
  attachment: AttachmentRecord;
  /** The bytes from `start` to `end` inclusive, piece by piece. */
  read(start: number, end: number): AsyncGenerator<Uint8Array>;
};

export type AttachmentsDeps = {
  store: AttachmentStore;
  access: ChannelAccess;
  clock: Clock;
  maxBytes: number;
  logger?: { error(obj: unknown, msg?: string): void };
};

export function toAttachment(info: AttachmentInfo): Attachment {
  return { id: info.id, name: info.name, type: info.type, size: info.size, url: attachmentUrl(info.id, info.name) };
}

/**
 * The file's own name: any path removed, control characters dropped, at most 255 code points
 * (the end of a long name is kept, so its extension stays); empty becomes `file`.
 */
export function cleanFileName(raw: string): string {
  const base = raw.split(/[/\\]/).pop() ?? '';
  const cleaned = base.replace(/\p{Cc}/gu, '');
  const points = [...cleaned];
  if (points.length === 0) return 'file';
  if (points.length <= LIMITS.attachmentNameMax) return cleaned;
  const dot = cleaned.lastIndexOf('.');
  const extension = dot > 0 && cleaned.length - dot <= 16 ? [...cleaned.slice(dot)] : [];
  return [...points.slice(0, LIMITS.attachmentNameMax - extension.length), ...extension].join('');
}

export class Attachments {
  constructor(private readonly deps: AttachmentsDeps) {}

  get maxBytes(): number {
    return this.deps.maxBytes;
  }

  /**
   * Stores the bytes as they arrive. Throws UploadTooLargeError as soon as they pass the limit;
   * on any failure what was stored is removed before the error is thrown.
   */
  async receive(uploaderId: string, fileName: string, bytes: AsyncIterable<Uint8Array>): Promise<StagedUpload> {
    const { store, maxBytes } = this.deps;
    const id = randomBytes(16).toString('base64url');
    const name = cleanFileName(fileName);
    await store.begin({ id, uploaderId, name, createdAt: this.deps.clock() });
    const discard = () => store.discard(id);
    try {
      let size = 0;
      let seq = 0;
      let head = new Uint8Array(0);
      let pending: Buffer[] = [];
      let pendingBytes = 0;
      for await (const piece of bytes) {
        size += piece.length;
        if (size > maxBytes) throw new UploadTooLargeError(maxBytes, name);
        if (head.length < SNIFF_BYTES) head = Buffer.concat([head, piece.subarray(0, SNIFF_BYTES - head.length)]);
        pending.push(Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength));
        pendingBytes += piece.length;
        while (pendingBytes >= CHUNK_BYTES) {
          const all = Buffer.concat(pending);
          await store.appendChunk(id, seq++, all.subarray(0, CHUNK_BYTES));
          pending = [all.subarray(CHUNK_BYTES)];
          pendingBytes -= CHUNK_BYTES;
        }
      }
      if (pendingBytes > 0) await store.appendChunk(id, seq, Buffer.concat(pending));
      const info: AttachmentInfo = { id, name, type: sniffType(head), size };
      return {
        commit: async () => {
          await store.finish(id, { type: info.type, size });
          return toAttachment(info);
        },
        discard,
      };
    } catch (error) {
      await discard().catch((cleanup: unknown) => this.deps.logger?.error({ err: cleanup }, 'removing a failed upload'));
      throw error;
    }
  }

  /**
   * The attachment if `viewerId` may fetch it: its uploader while it is not posted, afterwards the
   * current members of the channel it was posted in. Undefined for anyone else and for unknown ids,
   * alike, so ids cannot be probed.
   */
  async open(viewerId: string | undefined, id: string): Promise<OpenAttachment | undefined> {
    if (viewerId === undefined || !/^[A-Za-z0-9_-]{1,32}$/.test(id)) return undefined;
    const [attachment] = await this.deps.store.findMany([id]);
    if (!attachment || !(await this.mayFetch(viewerId, attachment))) return undefined;
    return { attachment, read: (start, end) => this.read(id, start, end) };
  }

  private async mayFetch(viewerId: string, attachment: AttachmentRecord): Promise<boolean> {
    if (attachment.channelId === null) return attachment.uploaderId === viewerId;
    const channel = await this.deps.access.find(attachment.channelId);
    return channel !== undefined && (await this.deps.access.isMember(channel, viewerId));
  }

  private async *read(id: string, start: number, end: number): AsyncGenerator<Uint8Array> {
    for (let seq = Math.floor(start / CHUNK_BYTES); seq <= Math.floor(end / CHUNK_BYTES); seq++) {
      const chunk = await this.deps.store.readChunk(id, seq);
      // Removed while being read (its message deleted): the response ends short.
      if (!chunk) throw new Error('The attachment was removed while it was read');
      const offset = seq * CHUNK_BYTES;
      yield chunk.subarray(Math.max(0, start - offset), Math.min(chunk.length, end - offset + 1));
    }
  }

  /** Removes the uploads never posted that began more than `maxAgeMs` ago; resolves to how many. */
  async sweep(maxAgeMs = UNPOSTED_MAX_AGE_MS): Promise<number> {
    let removed = 0;
    for (;;) {
      const count = await this.deps.store.removeUnposted(this.deps.clock() - maxAgeMs);
      removed += count;
      if (count === 0) return removed;
    }
  }

  /** Sweeps every `intervalMs` (an unref'd timer: it never keeps the process alive). Returns the stop. */
  startSweeper(options: { intervalMs: number; maxAgeMs?: number }): () => void {
    const timer = setInterval(() => {
      this.sweep(options.maxAgeMs).catch((error: unknown) =>
        this.deps.logger?.error({ err: error }, 'sweeping unposted attachments failed'),
      );
    }, options.intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }
}

/**
 * What the Engine checks before storing a message with attachments: each a finished upload of the
 * sender, not yet posted (`invalid` otherwise, alike for unknown and someone else's). A retry of a
 * message already stored (same clientId) may name uploads that message posted: the store answers
 * the stored message then, and binds nothing.
 */
export async function checkPostable(
  store: AttachmentStore,
  senderId: string,
  ids: readonly string[],
  isRetry: boolean,
): Promise<void> {
  const found = new Map((await store.findMany(ids)).map((record) => [record.id, record]));
  for (const id of ids) {
    const record = found.get(id);
    if (!record || record.uploaderId !== senderId || (record.messageId !== null && !isRetry)) {
      throw invalid('An attachment is unknown or already posted');
    }
  }
}
