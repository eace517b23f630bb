/**
 * AttachmentStore in this process's memory, for tests of the HTTP app alone. It does not take part
 * in messages (the memory MessageStore binds nothing), so the Engine is never given one.
 */
import type { AttachmentStore } from '../../chat/ports';
import type { AttachmentRecord } from '../../chat/records';

type Upload = { record: AttachmentRecord; finished: boolean; chunks: Uint8Array[] };

export class MemoryAttachmentStore implements AttachmentStore {
  private readonly uploads = new Map<string, Upload>();

  async begin(input: { id: string; uploaderId: string; name: string; createdAt: number }): Promise<void> {
    const record: AttachmentRecord = { ...input, type: 'application/octet-stream', size: 0, messageId: null, channelId: null };
    this.uploads.set(input.id, { record, finished: false, chunks: [] });
  }

  async appendChunk(id: string, seq: number, data: Uint8Array): Promise<void> {
    const upload = this.uploads.get(id);
    if (upload) upload.chunks[seq] = Uint8Array.from(data);
  }

  async finish(id: string, done: { type: string; size: number }): Promise<void> {
    const upload = this.uploads.get(id);
    if (!upload) return;
    upload.finished = true;
    upload.record = { ...upload.record, ...done };
  }

  async discard(id: string): Promise<void> {
    this.uploads.delete(id);
  }

  async findMany(ids: readonly string[]): Promise<AttachmentRecord[]> {
    return ids.flatMap((id) => {
      const upload = this.uploads.get(id);
      return upload?.finished ? [{ ...upload.record }] : [];
    });
  }

  async readChunk(id: string, seq: number): Promise<Uint8Array | undefined> {
    return this.uploads.get(id)?.chunks[seq];
  }

  async removeUnposted(before: number): Promise<number> {
    let removed = 0;
    for (const [id, upload] of this.uploads) {
      if (upload.record.messageId === null && upload.record.createdAt < before) {
        this.uploads.delete(id);
        removed++;
      }
    }
    return removed;
  }

  /** How many uploads are kept, finished or not (tests: "nothing kept"). */
  get count(): number {
    return this.uploads.size;
  }
}
