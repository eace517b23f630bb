/** File sizes as people read them; the server's refusals and the page say sizes the same way. */

const KB = 1024;
const MB = 1024 * 1024;

function rounded(value: number): string {
  return value < 10 ? String(Math.round(value * 10) / 10) : String(Math.round(value));
}

/** 512 → "512 bytes", 2048 → "2 KB", 10485760 → "10 MB". */
export function formatFileSize(bytes: number): string {
  if (bytes < KB) return bytes === 1 ? '1 byte' : `${bytes} bytes`;
  if (bytes < MB) return `${rounded(bytes / KB)} KB`;
  return `${rounded(bytes / MB)} MB`;
}

/** What the page and the server say when a file passes the upload limit. */
export function tooLargeMessage(name: string, maxBytes: number): string {
  return `${name} is larger than ${formatFileSize(maxBytes)}.`;
}
