import { z } from 'zod';

/** Where a scan came from. Every source feeds the same pipeline and verdict flow. */
export const ScanSourceSchema = z.enum(['hid-pos', 'hid-keyboard', 'wedge', 'camera', 'manual']);
export type ScanSource = z.infer<typeof ScanSourceSchema>;

export const ScanEventSchema = z.object({
  text: z.string().min(1).max(4096),
  source: ScanSourceSchema,
  /** AIM symbology identifier such as "]Q1" (QR) or "]C0" (Code 128), when the scanner told us. */
  aim: z
    .string()
    .regex(/^\][A-Za-z][0-9A-Za-z]$/)
    .optional(),
  /** Human name of the symbology ("QR Code", "Code 128"), when known. */
  symbology: z.string().max(64).optional(),
  /** The HID scanner main read it from ("hid:0c2e:0b61:<serial>"): profiles are kept per scanner. */
  device: z.string().min(1).max(300).optional(),
  /** HID POS: where this report carried the AIM id (what "scan this test barcode" learns from). */
  hidLayout: z.enum(['aim', 'extra-byte-then-aim', 'no-aim']).optional(),
  at: z.number().int(),
});
export type ScanEvent = z.infer<typeof ScanEventSchema>;
