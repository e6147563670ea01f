import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { HidPosReassembler, KeyboardScanAssembler } from '../../../shared/scan/index';
import type { Fixture } from './fixtures/fixture';

const dir = fileURLToPath(new URL('./fixtures/', import.meta.url));
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
const fromHex = (text: string): Uint8Array =>
  new Uint8Array(
    text
      .split(' ')
      .filter(Boolean)
      .map((h) => parseInt(h, 16)),
  );

function replay(fixture: Fixture) {
  const scans: Record<string, unknown>[] = [];
  const refused: number[] = [];
  let discarded: string | null = null;
  if (fixture.kind === 'hid-pos') {
    const reassembler = new HidPosReassembler();
    fixture.reports.forEach((hex, i) => {
      const out = reassembler.push(fromHex(hex), 1_000 + i * 4);
      if (out.kind === 'refused') refused.push(i);
      if (out.kind === 'scan') {
        const { text, aim, symbology } = out.scan;
        scans.push({ text, ...(aim && { aim }), ...(symbology && { symbology }) });
      }
    });
    if (fixture.unplugAfterLast) discarded = reassembler.discard('device unplugged')?.reason ?? null;
  } else {
    const assembler = new KeyboardScanAssembler();
    fixture.reports.forEach((hex, i) => {
      const out = assembler.push(fromHex(hex));
      if (out.kind === 'refused') refused.push(i);
      if (out.kind === 'scan') scans.push({ text: out.text, terminator: out.terminator });
    });
  }
  return { scans, refused, discarded };
}

describe('recorded scanner report fixtures', () => {
  it('has the fixtures the scanner issue asks for', () => {
    expect(files.length).toBeGreaterThanOrEqual(14);
  });

  for (const file of files) {
    const fixture = JSON.parse(readFileSync(dir + file, 'utf8')) as Fixture;
    it(`${file}: ${fixture.description}`, () => {
      const { scans, refused, discarded } = replay(fixture);
      expect(scans).toEqual(fixture.expect);
      expect(refused).toEqual(fixture.refused ?? []);
      if (fixture.unplugAfterLast) expect(discarded).toBe('device unplugged');
    });
  }

  it('a reader that cuts reports short never emits a truncated code', () => {
    const fixture = JSON.parse(readFileSync(dir + 'hidpos-minted-3-reports.json', 'utf8')) as Fixture;
    const reassembler = new HidPosReassembler();
    const outs = fixture.reports.map((hex, i) => reassembler.push(fromHex(hex).subarray(0, 62), i));
    expect(outs.every((o) => o.kind === 'refused')).toBe(true);
  });
});
