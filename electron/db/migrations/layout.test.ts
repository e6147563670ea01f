import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkMigrationList, type Migration } from '../migrate';
import { MIGRATIONS } from './index';

/**
 * The flat layout of till migrations: one file per version, named by its version, with its test
 * beside it, and index.ts listing every file in order. New migrations take the next number.
 */
const here = dirname(fileURLToPath(import.meta.url));
const FILE = /^(\d{3})_[a-z][A-Za-z0-9]*\.ts$/;
const TEST = /^(\d{3})_[a-z][A-Za-z0-9]*\.test\.ts$/;
/** Versions from before this layout whose step-by-step test is migrations.test.ts (one seed per version). */
const COVERED_BY_MIGRATIONS_TEST = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];

const names = readdirSync(here).sort();
const files = names.filter((n) => FILE.test(n));

describe('till migration layout', () => {
  it('holds only migration files, their tests, index.ts and this test', () => {
    const other = names.filter((n) => !FILE.test(n) && !TEST.test(n) && n !== 'index.ts' && n !== 'layout.test.ts');
    expect(other, 'files that are not NNN_name.ts or NNN_name.test.ts').toEqual([]);
    const numbers = files.map((f) => f.slice(0, 3));
    expect(new Set(numbers).size, 'two files with one number').toBe(numbers.length);
  });

  it('each file exports exactly one migration, whose version is the number in its name', async () => {
    for (const f of files) {
      const mod = (await import(`./${f}`)) as Record<string, unknown>;
      expect(Object.keys(mod), f).toEqual(['migration']);
      const m = mod.migration as Migration;
      expect(m.version, f).toBe(Number(f.slice(0, 3)));
      expect(m.name.trim().length, `${f} has a name`).toBeGreaterThan(0);
      expect(typeof m.up, f).toBe('function');
    }
  });

  it('index.ts lists every file, in order of version, and nothing else', async () => {
    const fromFiles = await Promise.all(files.map(async (f) => ((await import(`./${f}`)) as { migration: Migration }).migration));
    expect(MIGRATIONS).toEqual(fromFiles);
    MIGRATIONS.forEach((m, i) => expect(m, `entry ${i}`).toBe(fromFiles[i]));
    expect(() => checkMigrationList(MIGRATIONS)).not.toThrow();
  });

  it('every migration has its test beside it, named like it and about its version', () => {
    for (const f of files) {
      const version = Number(f.slice(0, 3));
      if (COVERED_BY_MIGRATIONS_TEST.includes(version)) continue;
      const test = f.replace(/\.ts$/, '.test.ts');
      expect(names, `${f} needs ${test} beside it`).toContain(test);
      expect(readFileSync(join(here, test), 'utf8'), `${test} names migration ${version}`).toMatch(new RegExp(`migration ${version}\\b`));
    }
    for (const t of names.filter((n) => TEST.test(n))) expect(files, `${t} tests a migration file`).toContain(t.replace(/\.test\.ts$/, '.ts'));
  });
});
