/**
 * The type of an upload, read from its first bytes (magic numbers), never from its name or the
 * type the browser declared. Only the four image types the page shows inline are told apart;
 * everything else is served as opaque bytes.
 */

export const INLINE_IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'] as const;
export const OPAQUE_TYPE = 'application/octet-stream';

/** Bytes needed to recognise every type below (WebP's signature ends at byte 12). */
export const SNIFF_BYTES = 16;

const ascii = (text: string) => [...text].map((char) => char.charCodeAt(0));

const startsWith = (head: Uint8Array, signature: readonly number[], offset = 0) =>
  head.length >= offset + signature.length && signature.every((byte, i) => head[offset + i] === byte);

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const GIF87 = ascii('GIF87a');
const GIF89 = ascii('GIF89a');
const RIFF = ascii('RIFF');
const WEBP = ascii('WEBP');

/** `head`: the first bytes of the file (SNIFF_BYTES or all of a shorter one). */
export function sniffType(head: Uint8Array): string {
  if (startsWith(head, PNG)) return 'image/png';
  if (startsWith(head, JPEG)) return 'image/jpeg';
  if (startsWith(head, GIF87) || startsWith(head, GIF89)) return 'image/gif';
  if (startsWith(head, RIFF) && startsWith(head, WEBP, 8)) return 'image/webp';
  return OPAQUE_TYPE;
}

export function isInlineImage(type: string): boolean {
  return (INLINE_IMAGE_TYPES as readonly string[]).includes(type);
}
