import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { UI_MESSAGES } from '../../renderer/i18n/messages';

/**
 * Every string a person reads comes from the message catalogue, in both languages:
 * - no JSX text with letters or symbols outside it (key names inside <kbd> are the keys' own names);
 * - no user-visible attribute (title, placeholder, aria-label, alt, label) with a literal string;
 * - every key a component asks for with t('literal.key') exists in en and in zh-CN, and both
 *   languages have the same keys.
 * Over the whole renderer, so a new screen cannot slip an English-only string in. It lives here,
 * not in renderer/, because it reads the sources from disk (node:fs), which the renderer may not.
 */
const RENDERER = fileURLToPath(new URL('../../renderer/', import.meta.url));
const VISIBLE_ATTRS = new Set(['title', 'placeholder', 'aria-label', 'alt', 'label']);
/** Text that needs no translation: digits, punctuation and separators only. */
const NEUTRAL = /^[\s\d.,:;·—–\-+/()[\]%#…]*$/u;
/** Languages named in their own language (the language switch): the same in every UI language. */
const ENDONYMS = new Set(['中文', 'English']);
/** Key caps drawn as their usual glyph (the PIN pad's backspace); each also has a translated aria-label. */
const KEY_GLYPHS = new Set(['⌫']);

/** String literals a JSX expression shows as they are: `{'✔'}`, `{ok ? 'Yes' : ''}`, `{name || 'none'}`. */
function shownLiterals(expr: ts.Expression | undefined): ts.StringLiteralLike[] {
  if (!expr) return [];
  if (ts.isStringLiteral(expr) || ts.isNoSubstitutionTemplateLiteral(expr)) return [expr];
  if (ts.isParenthesizedExpression(expr)) return shownLiterals(expr.expression);
  if (ts.isConditionalExpression(expr)) return [...shownLiterals(expr.whenTrue), ...shownLiterals(expr.whenFalse)];
  if (
    ts.isBinaryExpression(expr) &&
    [ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.AmpersandAmpersandToken].includes(expr.operatorToken.kind)
  ) {
    return shownLiterals(expr.right);
  }
  return [];
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

function insideKbd(node: ts.Node): boolean {
  for (let p = node.parent; p; p = p.parent) {
    if (ts.isJsxElement(p) && p.openingElement.tagName.getText() === 'kbd') return true;
  }
  return false;
}

function scan(file: string) {
  const text = readFileSync(file, 'utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const hardCoded: string[] = [];
  const keys: string[] = [];
  const where = (n: ts.Node) => `${relative(RENDERER, file)}:${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1}`;
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node)) {
      const value = node.text.trim();
      if (value && !NEUTRAL.test(value) && !ENDONYMS.has(value) && !insideKbd(node)) hardCoded.push(`${where(node)} text "${value}"`);
    } else if (ts.isJsxExpression(node) && !ts.isJsxAttribute(node.parent)) {
      for (const lit of shownLiterals(node.expression)) {
        if (!NEUTRAL.test(lit.text) && !ENDONYMS.has(lit.text) && !KEY_GLYPHS.has(lit.text)) hardCoded.push(`${where(lit)} "${lit.text}"`);
      }
    } else if (ts.isJsxAttribute(node) && VISIBLE_ATTRS.has(node.name.getText()) && node.initializer && ts.isStringLiteral(node.initializer)) {
      if (!NEUTRAL.test(node.initializer.text)) hardCoded.push(`${where(node)} ${node.name.getText()}="${node.initializer.text}"`);
    } else if (
      ts.isCallExpression(node) &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === 't' &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      keys.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return { hardCoded, keys: keys.map((k) => ({ key: k, at: where(sf) })) };
}

function flatKeys(obj: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) => (typeof v === 'object' && v ? flatKeys(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

function has(lang: 'en' | 'zh-CN', key: string): boolean {
  const all = new Set(flatKeys(UI_MESSAGES[lang] as unknown as Record<string, unknown>));
  return all.has(key) || all.has(`${key}_one`) || all.has(`${key}_other`) || key.startsWith('reason:');
}

describe('message catalogue', () => {
  const files = sources(RENDERER);

  it('no user-visible string in the renderer is outside the catalogue', () => {
    const found = files.flatMap((f) => scan(f).hardCoded);
    expect(found).toEqual([]);
  });

  it('every key the screens ask for exists in both languages', () => {
    const missing = files
      .flatMap((f) => scan(f).keys)
      .flatMap(({ key, at }) => (['en', 'zh-CN'] as const).filter((l) => !has(l, key)).map((l) => `${at} ${key} (${l})`));
    expect(missing).toEqual([]);
  });

  it('both languages have the same keys, none empty', () => {
    const en = flatKeys(UI_MESSAGES.en as unknown as Record<string, unknown>).sort();
    const zh = flatKeys(UI_MESSAGES['zh-CN'] as unknown as Record<string, unknown>).sort();
    expect(zh).toEqual(en);
  });
});
