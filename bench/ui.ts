/**
 * bench:ui — the time from a scan's last key (Enter) to its verdict painted, in Chromium against
 * the real app (Node host, real SQLite ledger, fsync per redemption). Measured in the page with
 * performance.now(): mark at the Enter keydown in the scan field; "in DOM" when the verdict
 * panel's state attribute changes (MutationObserver, right after React's commit); "painted" at
 * the next requestAnimationFrame after that. Goal: p95 painted < 16 ms (one frame).
 *
 *   npm run build:renderer && npm run bench:ui      (SCANS=500 by default)
 */
import { launchUiHarness, signIn, BENCH_USERS } from './uiHarness';

const SCANS = Math.max(500, Number(process.env.SCANS ?? 500));
const PER_BASKET = 5;
const GOAL_MS = 16;
const campaignOf = (serial: number) => 1 + (serial % 2);

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

async function main(): Promise<void> {
  const h = await launchUiHarness();
  try {
    const { page } = h;
    await signIn(page, BENCH_USERS.manager.name, BENCH_USERS.manager.pin);
    await page.getByTestId('scan-field').waitFor();
    // The probe lives in the page: all timing is the page's own clock, nothing crosses CDP.
    await page.evaluate(() => {
      const w = window as unknown as { __bench: { dom: number[]; paint: number[]; states: string[] } };
      w.__bench = { dom: [], paint: [], states: [] };
      let t0: number | null = null;
      window.addEventListener(
        'keydown',
        (e) => {
          if (e.key === 'Enter' && (e.target as HTMLElement).hasAttribute?.('data-scan-field')) t0 = performance.now();
        },
        true,
      );
      const verdict = document.querySelector('[data-testid="verdict"]')!;
      new MutationObserver(() => {
        const state = verdict.getAttribute('data-state');
        if (t0 === null || !(state === 'accepted' || state === 'refused' || state === 'error')) return;
        const start = t0;
        t0 = null;
        w.__bench.dom.push(performance.now() - start);
        w.__bench.states.push(state);
        requestAnimationFrame(() => w.__bench.paint.push(performance.now() - start));
      }).observe(verdict, { attributes: true, attributeFilter: ['data-state', 'data-seq'] });
    });

    let serial = 1;
    const started = Date.now();
    for (let i = 0; i < SCANS; i++) {
      if (i % PER_BASKET === 0) {
        await page.keyboard.press('F2');
        await page.getByTestId('basket-total').fill(String(100 + (i % 7) * 10));
        await page.getByTestId('scan-field').focus();
      }
      // Every fifth scan repeats an earlier code (refused: already used); the rest are fresh codes.
      const repeat = i % PER_BASKET === 4;
      const code = repeat ? h.mint(campaignOf(serial - 5), serial - 5) : h.mint(campaignOf(serial), serial++);
      await page.keyboard.type(code);
      await page.keyboard.press('Enter');
      await page.waitForFunction((n) => (window as unknown as { __bench: { paint: number[] } }).__bench.paint.length >= n, i + 1);
    }
    const wall = Date.now() - started;
    const r = await page.evaluate(() => (window as unknown as { __bench: { dom: number[]; paint: number[]; states: string[] } }).__bench);
    const dom = [...r.dom].sort((a, b) => a - b);
    const paint = [...r.paint].sort((a, b) => a - b);
    const accepted = r.states.filter((s) => s === 'accepted').length;
    const ledger = h.app.db.prepare("SELECT count(*) AS n FROM redemptions WHERE kind = 'redeem'").get() as { n: number } | undefined;
    console.log(`bench:ui  ${SCANS} scans in Chromium (Node host, real ledger), ${accepted} accepted / ${SCANS - accepted} refused, ${(wall / 1000).toFixed(1)} s wall`);
    console.log(`  Enter -> verdict in DOM : p50 ${pct(dom, 50).toFixed(2)} ms  p95 ${pct(dom, 95).toFixed(2)} ms  p99 ${pct(dom, 99).toFixed(2)} ms  max ${dom[dom.length - 1]!.toFixed(2)} ms`);
    console.log(`  Enter -> verdict painted: p50 ${pct(paint, 50).toFixed(2)} ms  p95 ${pct(paint, 95).toFixed(2)} ms  p99 ${pct(paint, 99).toFixed(2)} ms  max ${paint[paint.length - 1]!.toFixed(2)} ms`);
    if (ledger) console.log(`  ledger redeem entries: ${ledger.n}`);
    const api = await apiRoundTrips(h, serial);
    console.log(`  API alone (same page, no UI): redeem p50 ${api.redeem50.toFixed(2)} ms p95 ${api.redeem95.toFixed(2)} ms; a no-op call p50 ${api.noop50.toFixed(2)} ms p95 ${api.noop95.toFixed(2)} ms`);
    console.log(`  in-page overhead at p50 (DOM p50 - API-alone redeem p50: rendering, input and frame work in the page): ${(pct(dom, 50) - api.redeem50).toFixed(2)} ms`);
    const p95 = pct(paint, 95);
    console.log('  note: "painted" waits for the next frame (vsync, ~16.7 ms at 60 Hz), so it is in-DOM time plus 0-16.7 ms of frame alignment.');
    console.log(`  goal p95 painted < ${GOAL_MS} ms: ${p95 < GOAL_MS ? 'PASS' : 'MISS'} (${p95.toFixed(2)} ms)`);
  } finally {
    await h.close();
  }
}

/** The same redeem over the same bridge without the UI, and a call that does no work: where the time goes. */
async function apiRoundTrips(h: Awaited<ReturnType<typeof launchUiHarness>>, firstSerial: number) {
  const codes = Array.from({ length: 200 }, (_, i) => h.mint(2, firstSerial + 1000 + i));
  const r = await h.page.evaluate(async (codes) => {
    const till = (window as unknown as { till: { invoke(c: string, r?: unknown): Promise<unknown> } }).till;
    const redeem: number[] = [];
    const noop: number[] = [];
    for (const [i, code] of codes.entries()) {
      let t = performance.now();
      await till.invoke('till:coupon:redeem', { code, basket: { id: `api-${i}`, totalMinor: 10000 }, source: 'manual' });
      redeem.push(performance.now() - t);
      t = performance.now();
      await till.invoke('till:auth:session');
      noop.push(performance.now() - t);
    }
    return { redeem, noop };
  }, codes);
  const a = r.redeem.sort((x, y) => x - y);
  const b = r.noop.sort((x, y) => x - y);
  return { redeem50: pct(a, 50), redeem95: pct(a, 95), noop50: pct(b, 50), noop95: pct(b, 95) };
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
