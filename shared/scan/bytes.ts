/**
 * Scanned bytes to text. Barcodes carry bytes; ours and most retail codes are ASCII, some
 * QR codes carry UTF-8, old engines send Latin-1. Every byte is kept (NUL and spaces too):
 * what the code holds is decided by the length byte, never by trimming.
 */
const utf8 = new TextDecoder('utf-8', { fatal: true });

export function bytesToScanText(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    // Not UTF-8: read each byte as its Latin-1 character so nothing is lost or replaced.
    let text = '';
    for (const b of bytes) text += String.fromCharCode(b);
    return text;
  }
}

/** Longest scan text the pipeline takes (ScanEventSchema.text.max). */
export const MAX_SCAN_BYTES = 4096;

/** "0x1f" style byte for messages. */
export function hexByte(b: number): string {
  return `0x${b.toString(16).padStart(2, '0')}`;
}
