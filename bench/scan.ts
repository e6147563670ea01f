/**
 * npm run bench:scan [-- --runs N] [-- --scans N] [-- --seeds N] [-- --only camera|hid|wedge] [-- --json]
 *
 * 1. Camera: decode time per 640x480 frame, @zxing/library and zxing-wasm (ZXing-C++), each with
 *    the added passes (contrast-stretched/inverted target box, thorough pass in turn on frames the
 *    fast pass found nothing in) and with the fast pass alone as the control, on the same RGBA
 *    frames (clean QR; rotated, blurred, low-contrast QR; two codes; a faded Code 128 with noise;
 *    an EAN-13 above a faded Code 128; no code): p50/p90 per frame and what each read (+WRONG:
 *    a code that is not the coupon, such as the EAN-13).
 * 2. HID: report to verdict: HID POS reports of minted codes (3 reports each, as a scanner sends a
 *    119-character code) through the ScannerService (fake HID stack, the real parser and
 *    reassembler) to RedemptionService.validate on a migrated temp-file database; p50/p99.
 * 3. Keyboard wedge: missed-scan and false-scan rates per pace band and kind of field
 *    (bench/scanRhythms.ts; the rhythms' timestamps drive the detector's clock, no sleeps).
 * Goals (issues #5, #12): camera decode p50 <= 8 ms per frame with the added passes; HID report to verdict p99 < 5 ms.
 * Goals (issue #12): 0 false scans from people; >= 99% of scans caught at every pace up to 60 ms/key.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { encodeHidPosReports } from '../shared/scan/hidPos';
import { prepareZXingModule as prepareWriter, writeBarcode } from 'zxing-wasm/writer';
import {
  blankFrame,
  cleanQrFrame,
  eanAboveFadedLinearFrame,
  fadedLinearFrame,
  hardQrFrame,
  MINTED_CODES,
  toRgba,
  twoQrFrame,
} from '../e2e/fixtures/cameraFrames';
import { createJsDecoder, createWasmDecoder, type FrameDecoder, type RgbaFrame } from '../renderer/features/camera/decoders';
import { FakeHid } from '../electron/services/scanner/fakeHid';
import { ScannerService } from '../electron/services/scanner/scannerService';
import { CAMPAIGNS, makeTill } from '../electron/services/testing/tillKit';
import type { CouponVerdict } from '../shared/redemption';
import { humanRates, scannerRates } from './scanRhythms';

const args = process.argv.slice(2);
const json = args.includes('--json');
const numArg = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const RUNS = numArg('--runs', 30);
const SCANS = numArg('--scans', 2_000);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : null;
const log = (msg: string) => {
  if (!json) process.stdout.write(`${msg}\n`);
};

function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))]!;
  return { n: s.length, p50: at(0.5), p90: at(0.9), p99: at(0.99), max: s[s.length - 1]! };
}
const ms = (v: number) => `${v.toFixed(2)} ms`;

/** Decode times over `frames` in turn (RUNS decodes), after a warm-up; what the first pass over them read. */
async function benchDecoder(decoder: FrameDecoder, frames: RgbaFrame[]) {
  const read: string[] = [];
  for (const f of frames) for (const c of await decoder.decode(f)) if (!read.includes(c.text)) read.push(c.text);
  for (let i = 0; i < 2; i++) await decoder.decode(frames[i % frames.length]!); // warm the JIT / wasm
  const times: number[] = [];
  const cpuTimes: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const cpu0 = process.cpuUsage();
    const t = performance.now();
    await decoder.decode(frames[i % frames.length]!);
    times.push(performance.now() - t);
    const cpu = process.cpuUsage(cpu0);
    cpuTimes.push((cpu.user + cpu.system) / 1_000);
  }
  return { ...stats(times), cpuP50: stats(cpuTimes).p50, read, times, cpuTimes };
}

async function camera() {
  const bin = readFileSync(new URL('../node_modules/zxing-wasm/dist/reader/zxing_reader.wasm', import.meta.url));
  const wasmBinary = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength) as ArrayBuffer;
  const writerBin = readFileSync(new URL('../node_modules/zxing-wasm/dist/writer/zxing_writer.wasm', import.meta.url));
  await prepareWriter({
    overrides: { wasmBinary: writerBin.buffer.slice(writerBin.byteOffset, writerBin.byteOffset + writerBin.byteLength) as ArrayBuffer },
    fireImmediately: true,
  });
  const rowOf = async (text: string, format: 'Code128' | 'EAN13') => {
    const w = await writeBarcode(text, { format, withQuietZones: false });
    return w.symbol.data.slice(0, w.symbol.width);
  };
  const plain = 'PLAIN-8F3K2Q7Z';
  const code128 = await rowOf(plain, 'Code128');
  const ean = await rowOf('4006381333931', 'EAN13');
  const a: string = MINTED_CODES[0];
  const b: string = MINTED_CODES[1];
  // Successive camera frames of one scene differ in their noise: 6 seeds, decoded in turn.
  const seeds = [1, 2, 3, 4, 5, 6];
  const scenes = [
    { name: 'clean QR', frames: [toRgba(cleanQrFrame(a))], expect: [a] },
    { name: 'rotated/blurred/low-contrast QR', frames: [toRgba(hardQrFrame(a))], expect: [a] },
    { name: 'two codes in view', frames: [toRgba(twoQrFrame(a, b))], expect: [a, b] },
    { name: 'faded Code 128 + noise', frames: seeds.map((s) => toRgba(fadedLinearFrame(code128, s))), expect: [plain] },
    { name: 'EAN-13 above faded Code 128', frames: seeds.map((s) => toRgba(eanAboveFadedLinearFrame(ean, code128, s))), expect: [plain] },
    { name: 'no code (cycle of added passes)', frames: [toRgba(blankFrame())], expect: [] as string[] },
  ];
  const makers = [
    { label: 'zxing-wasm, added passes', make: () => createWasmDecoder({ wasmBinary }) },
    { label: 'zxing-wasm, fast only', make: () => createWasmDecoder({ wasmBinary }, { addedPasses: false }) },
    { label: 'zxing-js, added passes', make: () => Promise.resolve(createJsDecoder()) },
    { label: 'zxing-js, fast only', make: () => Promise.resolve(createJsDecoder({ addedPasses: false })) },
  ];
  const rows = [];
  const all: Record<string, number[]> = {};
  const allCpu: Record<string, number[]> = {};
  log(`Camera decode per 640x480 RGBA frame (${RUNS} decodes per scene, after warm-up; allowed: QR + Code 128)`);
  log('scene                            decoder                    p50        p90        CPU p50    read');
  for (const scene of scenes) {
    for (const m of makers) {
      const r = await benchDecoder(await m.make(), scene.frames);
      const readOf = `${r.read.filter((t) => scene.expect.includes(t)).length}/${scene.expect.length}${r.read.some((t) => !scene.expect.includes(t)) ? ' +WRONG' : ''}`;
      (all[m.label] ??= []).push(...r.times);
      (allCpu[m.label] ??= []).push(...r.cpuTimes);
      log(
        `${(m === makers[0] ? scene.name : '').padEnd(32)} ${m.label.padEnd(26)} ${ms(r.p50).padEnd(10)} ${ms(r.p90).padEnd(10)} ${ms(r.cpuP50).padEnd(10)} ${readOf}`,
      );
      rows.push({ scene: scene.name, decoder: m.label, p50: r.p50, p90: r.p90, cpuP50: r.cpuP50, read: readOf });
    }
  }
  const overall = Object.fromEntries(Object.entries(all).map(([k, v]) => [k, { ...stats(v), cpuP50: stats(allCpu[k]!).p50 }]));
  log('');
  log("over every scene's frames (wall p50 / CPU p50):");
  for (const [k, v] of Object.entries(overall)) log(`  ${k.padEnd(26)} ${ms(v.p50)} / ${ms(v.cpuP50)}`);
  const w = overall['zxing-wasm, added passes']!.p50;
  const f = overall['zxing-wasm, fast only']!.p50;
  log(`ratio added passes / fast only (zxing-wasm, p50): ${(w / f).toFixed(2)}x`);
  return { rows, overall };
}

async function hid() {
  const kit = makeTill();
  const hidStack = new FakeHid();
  hidStack.plug({ path: '/dev/hidraw0', vendorId: 0x0c2e, productId: 0x0b61, serialNumber: 'BENCH', usagePage: 0x8c, usage: 2 });
  const scanner = new ScannerService({ loader: async () => hidStack, selected: 'hid:0c2e:0b61:BENCH', keyboardIdleFlushMs: null });
  await scanner.start();
  const basket = { id: 'bench-basket', totalMinor: 12_000 };
  const last: { verdict: CouponVerdict | null } = { verdict: null };
  scanner.on('scan', (scan) => {
    last.verdict = kit.service.validate({ code: scan.text, basket, source: scan.source });
  });
  const warm = 200;
  const codes = Array.from({ length: SCANS + warm }, (_, i) => kit.mint(CAMPAIGNS.privilege.id, 10_000 + i));
  const reports = codes.map((c) => encodeHidPosReports(new TextEncoder().encode(c), ']Q1', { vendorCodeId: 0x73 }));
  const times: number[] = [];
  const cpuTimes: number[] = [];
  let accepted = 0;
  let cpuStart = process.cpuUsage();
  for (let i = 0; i < codes.length; i++) {
    if (i === warm) cpuStart = process.cpuUsage();
    last.verdict = null;
    const cpu0 = process.cpuUsage();
    const t = performance.now();
    hidStack.send('/dev/hidraw0', ...reports[i]!); // the scanner's reports arrive; the verdict comes back
    const elapsed = performance.now() - t;
    const cpuScan = process.cpuUsage(cpu0);
    if (i >= warm) cpuTimes.push((cpuScan.user + cpuScan.system) / 1_000);
    const verdict = last.verdict as CouponVerdict | null; // set by the 'scan' listener during send
    if (!verdict) throw new Error(`no verdict for scan ${i}`);
    if (i >= warm) {
      times.push(elapsed);
      if (verdict.ok) accepted += 1;
    }
  }
  const cpu = process.cpuUsage(cpuStart);
  const cpuPerScan = (cpu.user + cpu.system) / 1_000 / SCANS;
  scanner.stop();
  kit.close();
  const s = stats(times);
  log('');
  log(`HID report to verdict (${SCANS} minted 119-char codes, 3 HID POS reports each -> ScannerService -> RedemptionService.validate)`);
  log(`p50 ${ms(s.p50)}  p90 ${ms(s.p90)}  p99 ${ms(s.p99)}  max ${ms(s.max)}  accepted ${accepted}/${SCANS}`);
  const c = stats(cpuTimes);
  log(`CPU time per scan (this process on a core; excludes waiting for one): mean ${ms(cpuPerScan)}  p50 ${ms(c.p50)}  p99 ${ms(c.p99)}`);
  return { ...s, cpuPerScan, cpuP50: c.p50, cpuP99: c.p99, accepted, reportsPerScan: reports[0]!.length };
}

function wedge() {
  const seeds = numArg('--seeds', 25);
  const scanners = scannerRates(seeds);
  const people = humanRates(seeds * 4);
  log('');
  log(`Keyboard wedge, scanners (${seeds} seeds x 4 codes x Enter/Tab/no suffix per row; timestamps drive the clock)`);
  log('pace band             field                                  scans  caught    leaked into field/form');
  for (const r of scanners) {
    const caught = (100 * (r.scans - r.missed)) / r.scans;
    log(`${r.band.padEnd(21)} ${r.field.padEnd(38)} ${String(r.scans).padStart(5)}  ${caught.toFixed(1).padStart(5)}%   ${r.leaked}`);
  }
  log('');
  log('Keyboard wedge, people at measured intervals (fastest 5% in 16-95 ms), Enter after each entry');
  log('typist    field                                  entries  false scans  not given back whole');
  for (const r of people)
    log(`${r.typist.padEnd(9)} ${r.field.padEnd(38)} ${String(r.entries).padStart(7)}  ${String(r.falseScans).padStart(11)}  ${r.garbled}`);
  return { scanners, people };
}

const cam = only === 'hid' || only === 'wedge' ? null : await camera();
const h = only === 'camera' || only === 'wedge' ? null : await hid();
const w = only === 'camera' || only === 'hid' ? null : wedge();
const goals = [];
if (w) {
  const worst = Math.min(...w.scanners.filter((r) => !r.band.includes('limit')).map((r) => (100 * (r.scans - r.missed)) / r.scans));
  const falseScans = w.people.reduce((n, r) => n + r.falseScans, 0);
  goals.push({ goal: '>= 99% of scans caught at every pace band and field (worst row)', value: worst, pass: worst >= 99, unit: '%' });
  goals.push({ goal: '0 false scans from people', value: falseScans, pass: falseScans === 0, unit: '' });
}
if (cam) {
  const added = cam.overall['zxing-wasm, added passes']!.p50;
  const fast = cam.overall['zxing-wasm, fast only']!.p50;
  goals.push({ goal: 'camera decode p50 <= 8 ms per 640x480 frame (zxing-wasm with the added passes, every scene)', value: added, pass: added <= 8 });
  goals.push({ goal: 'control: the fast pass alone, same frames (reads no faded Code 128)', value: fast, pass: fast <= 8 });
  const cpu = cam.overall['zxing-wasm, added passes']!.cpuP50;
  goals.push({ goal: 'camera decode CPU time p50 <= 8 ms (added passes; what the frame costs a core, without waiting for one)', value: cpu, pass: cpu <= 8 });
}
if (h) goals.push({ goal: 'HID report to verdict p99 < 5 ms', value: h.p99, pass: h.p99 < 5 });
log('');
for (const g of goals) log(`${g.pass ? 'PASS' : 'MISS'}  ${g.goal}: ${'unit' in g ? `${g.value.toFixed(g.unit === '%' ? 1 : 0)}${g.unit}` : ms(g.value)}`);
log(
  `(load average at the end: ${(await import('node:os'))
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} on ${(await import('node:os')).cpus().length} cores)`,
);
if (json) process.stdout.write(`${JSON.stringify({ camera: cam, hid: h, wedge: w, goals }, null, 2)}\n`);
