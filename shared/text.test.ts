import { describe, expect, it } from 'vitest';
import { freeTextSchema, nameSchema, textProblem } from './text';

describe('text rules', () => {
  it('refuses control, bidi and lone surrogate characters in names, keeps real text', () => {
    for (const bad of ['a\u0000', '\u202Eabc', 'x\ud800', '\udc00x', 'a\nb', 'a\u0085b', 'a\u2028b', '\u2066x'])
      expect(textProblem(bad), JSON.stringify(bad)).not.toBeNull();
    for (const good of ['演示门店', 'Café 🛒', "O'Brien & Sons"]) expect(textProblem(good)).toBeNull();
    expect(nameSchema(10).safeParse('  Ann  ').data).toBe('Ann');
  });

  it('normalises free text to NFC and keeps newlines only where it is multi-line', () => {
    const note = freeTextSchema(1, 100, { multiLine: true });
    expect(note.parse('Cafe\u0301\r\nline two')).toBe('Caf\u00e9\r\nline two');
    expect(freeTextSchema(1, 100).safeParse('one\ntwo').success).toBe(false);
    expect(note.safeParse('bad\u0000').success).toBe(false);
    expect(note.safeParse('   ').success).toBe(false);
  });
});
