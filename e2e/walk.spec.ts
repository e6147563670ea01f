import type { Page } from '@playwright/test';
import { UI_MESSAGES } from '../renderer/i18n/messages';
import { expect, test, type Till } from './fixtures/app';
import { TillWindow, type ScreenName } from './page-models';
import { screenshot } from './uiHelpers';

/**
 * Every screen, at 1024x768 and 1366x768, in English and 中文: no sideways scroll, no visible
 * button under 44 px high, no table text spilling out of its cell or column heads touching, and in 中文 no visible text that is an English message of the
 * catalogue (a string the screen forgot to translate). Screenshots go to docs/screenshots/
 * (walk-<screen>-<language>-<width>.png), linked from the README. Each check is soft, so one
 * run lists every screen that fails.
 */

const SIZES = [
  { width: 1024, height: 768 },
  { width: 1366, height: 768 },
] as const;
const LANGUAGES = ['en', 'zh-CN'] as const;
const SCREENS: ScreenName[] = ['cashier', 'rapid', 'log', 'conflicts', 'users', 'settings', 'report'];

/** English catalogue messages whose 中文 differs: any of them visible on a 中文 screen is untranslated. */
function englishOnlyMessages(): Set<string> {
  const out = new Set<string>();
  const walk = (en: unknown, zh: unknown) => {
    if (typeof en === 'string') {
      if (en !== zh && !en.includes('{{') && /[a-z]{2}/i.test(en)) out.add(en.trim());
      return;
    }
    if (en && typeof en === 'object')
      for (const k of Object.keys(en)) walk((en as Record<string, unknown>)[k], (zh as Record<string, unknown> | undefined)?.[k]);
  };
  walk(UI_MESSAGES.en, UI_MESSAGES['zh-CN']);
  return out;
}
const ENGLISH = [...englishOnlyMessages()];

/** Latin text that is not a sentence to translate: key names, codes, ids, zones, currencies, the language switch. */
const NOT_WORDS = [
  /^(Alt\+|Alt\+\d|Enter|Esc|PgUp|PgDn|PgUp \/ PgDn|English|CSV|HQ|PIN|USB|HID|URL|CNY|UTC)$/,
  /^[A-Z][a-z]+\/[A-Za-z_]+$/, // a time zone: Asia/Shanghai
  /^[a-z]:\d+:\d+$/i, // a coupon key: s:5:12
  /^[\w-]{20,}$/, // ids
  /^[A-Z0-9]+(-[A-Z0-9]+)+$/, // a code shown as data: the scanner test barcode CT-SCANNER-TEST-42
  /^https?:\/\//,
];

interface Findings {
  sidewaysScroll: number;
  smallButtons: string[];
  visibleTexts: string[];
  /** What sticks out on the right when the page scrolls sideways (tag.class, deepest first). */
  sticksOut: string[];
  /** Table cells whose text runs out of the cell, and neighbouring column heads closer than a few px. */
  crowdedCells: string[];
}

/** What the checks need from the page: overflow, visible buttons under 44 px, visible text pieces. */
function look(page: Page): Promise<Findings> {
  return page.evaluate(() => {
    const visible = (el: Element) => {
      const r = el.getBoundingClientRect();
      const s = getComputedStyle(el);
      return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none';
    };
    const smallButtons = [...document.querySelectorAll('button')]
      .filter((b) => visible(b) && b.getBoundingClientRect().height < 44)
      .map((b) => `${(b.textContent ?? '').trim().slice(0, 30) || b.getAttribute('data-testid') || '?'} (${Math.round(b.getBoundingClientRect().height)} px)`);
    const texts: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = (n.textContent ?? '').trim();
      if (text && n.parentElement && visible(n.parentElement)) texts.push(text);
    }
    for (const el of document.querySelectorAll('input[placeholder], [aria-label], [title]')) {
      if (!visible(el)) continue;
      for (const a of ['placeholder', 'aria-label']) if (el.getAttribute(a)) texts.push(el.getAttribute(a)!.trim());
    }
    // A cell's text must stay inside its cell's padding box, and two column heads must not touch:
    // text wider than a fixed column spills over its neighbour ("RedeemedDiscount" at 1024 px).
    const textRange = (cell: Element) => {
      const range = document.createRange();
      range.selectNodeContents(cell);
      return range;
    };
    const crowdedCells: string[] = [];
    for (const row of document.querySelectorAll('tr')) {
      const cells = [...row.children].filter((c) => visible(c) && !c.querySelector('button, input, select, textarea, svg') && (c.textContent ?? '').trim());
      let lastRight: { x: number; text: string } | null = null;
      for (const cell of cells) {
        const box = cell.getBoundingClientRect();
        const s = getComputedStyle(cell);
        const range = textRange(cell);
        const text = range.getBoundingClientRect();
        const name = (cell.textContent ?? '').trim().slice(0, 24);
        // A head of one word (核销, 撤销记录, Redemptions) on two lines was broken inside the word.
        const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
        if (cell.tagName === 'TH' && !/\s/.test(name) && lines.size > 1) crowdedCells.push(`"${name}" is broken inside the word`);
        if (text.left < box.left + parseFloat(s.paddingLeft) - 1 || text.right > box.right - parseFloat(s.paddingRight) + 1)
          crowdedCells.push(`"${name}" runs out of its cell`);
        if (cell.tagName === 'TH' && lastRight && text.left - lastRight.x < 6) crowdedCells.push(`"${lastRight.text}" and "${name}" touch`);
        lastRight = { x: text.right, text: name };
      }
    }
    const width = document.documentElement.clientWidth;
    const sticksOut = [...document.body.querySelectorAll('*')]
      .filter(
        (el) => visible(el) && el.getBoundingClientRect().right > width + 0.5 && ![...el.children].some((c) => c.getBoundingClientRect().right > width + 0.5),
      )
      .slice(0, 5)
      .map(
        (el) =>
          `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} "${(el.textContent ?? '').trim().slice(0, 20)}" to ${Math.round(el.getBoundingClientRect().right)} px`,
      );
    return { sidewaysScroll: document.documentElement.scrollWidth - width, smallButtons, visibleTexts: texts, crowdedCells, sticksOut };
  });
}

async function check(page: Page, name: string, language: (typeof LANGUAGES)[number]): Promise<void> {
  await page.waitForTimeout(150); // a frame for fonts and the last re-render (nothing to wait on: the checks read layout)
  const f = await look(page);
  expect.soft(f.sidewaysScroll, `${name}: scrolls sideways by ${f.sidewaysScroll} px (${f.sticksOut.join('; ')})`).toBeLessThanOrEqual(0);
  expect.soft(f.smallButtons, `${name}: buttons under 44 px high`).toEqual([]);
  expect.soft(f.crowdedCells, `${name}: table text spilling over its cell or touching the next head`).toEqual([]);
  if (language === 'zh-CN') {
    // A key name (Enter on a key hint) reads the same in both languages, even where a catalogue message is that word.
    const untranslated = [...new Set(f.visibleTexts.filter((t) => ENGLISH.includes(t) && !NOT_WORDS.some((re) => re.test(t))))];
    expect.soft(untranslated, `${name}: English catalogue messages on a 中文 screen`).toEqual([]);
    // Text outside the catalogue too: English words with no Chinese beside them, but for data and key names.
    const latinOnly = [...new Set(f.visibleTexts.filter((t) => /[A-Za-z]{3,}/.test(t) && !/\p{Script=Han}/u.test(t) && !NOT_WORDS.some((re) => re.test(t))))];
    expect.soft(latinOnly, `${name}: English text on a 中文 screen`).toEqual([]);
  }
  await screenshot(page, name, { fullPage: false });
}

/** Some of everything for the manager's screens: redemptions by two users, a void with a reason. */
async function seed(till: Till): Promise<void> {
  await till.signInAs('manager');
  const ids: string[] = [];
  for (const [i, campaign] of [1, 2, 3, 5, 1].entries()) {
    const r = await till.invoke('till:coupon:redeem', { code: till.code(campaign, i === 4 ? 1 : 0), basket: { id: `walk-${i}`, totalMinor: 25_000 } });
    if (r.ok && r.value.redemption) ids.push(r.value.redemption.id);
  }
  await till.invoke('till:coupon:void', { redemptionId: ids[0]!, reason: '顾客改主意了' });
  await till.invoke('till:auth:signOut');
}

for (const language of LANGUAGES) {
  test(`every screen fits 1024 and 1366 px, has 44 px buttons and is translated (${language})`, async ({ page, till }) => {
    test.setTimeout(240_000);
    await seed(till);
    await page.reload();
    await page.waitForFunction(() => typeof window.till?.['till:auth:roster'] === 'function');
    const app = new TillWindow(page);
    await expect(app.signIn.root).toBeVisible();
    const lang = language === 'en' ? 'en' : 'zh';
    if (language === 'zh-CN') await app.statusBar.languageToggle.click();
    await expect(page.locator('html')).toHaveAttribute('lang', language === 'en' ? /^en/ : 'zh-CN');
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await check(page, `walk-signin-${lang}-${size.width}`, language);
    }
    await app.signIn.signIn(till.users.manager);
    for (const screen of SCREENS) {
      await app.openWithKey(screen);
      for (const size of SIZES) {
        await page.setViewportSize(size);
        await check(page, `walk-${screen}-${lang}-${size.width}`, language);
      }
    }
  });
}
