import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain JavaScript module (the ESLint rule), without types
import { refusal } from '../eslint.boundaries.js';

/** The folder boundaries are an allow-list: what a folder does not list is refused, known or not. */
const check = refusal as (file: string, source: string) => string | null;

describe('folder boundaries (eslint.boundaries.js)', () => {
  it('shared/ is pure: its own files and zod, no Node (pinHash alone may use node:crypto), no app folder', () => {
    expect(check('shared/rules/index.ts', './checks')).toBeNull();
    expect(check('shared/rules/index.ts', 'zod')).toBeNull();
    expect(check('shared/rules/index.ts', 'node:crypto')).toMatch(/allow-list/);
    expect(check('shared/auth/pinHash.ts', 'node:crypto')).toBeNull();
    expect(check('shared/auth/pinHash.ts', 'node:fs')).toMatch(/allow-list/);
    expect(check('shared/rules/index.ts', '../../electron/app')).toMatch(/not among/);
    expect(check('shared/ipc/api.ts', '../auth/pinHash')).toMatch(/off limits/);
  });

  it('the renderer sees shared/ only, and only the packages it lists (an unknown package is refused)', () => {
    expect(check('renderer/app/App.tsx', '../../shared/ipc')).toBeNull();
    expect(check('renderer/app/App.tsx', 'react')).toBeNull();
    expect(check('renderer/app/App.tsx', 'left-pad')).toMatch(/allow-list/);
    expect(check('renderer/app/App.tsx', 'node:fs')).toMatch(/allow-list/);
    expect(check('renderer/app/App.tsx', '../../electron/app')).toMatch(/not among/);
    expect(check('renderer/app/App.tsx', '../../shared/auth/pinHash')).toMatch(/off limits/);
    expect(check('renderer/app/App.test.tsx', 'node:fs')).toBeNull();
  });

  it('electron is imported by main, window and preload only; services and db stay below the app', () => {
    expect(check('electron/main.ts', 'electron')).toBeNull();
    expect(check('electron/app.ts', 'electron')).toMatch(/allow-list/);
    expect(check('electron/services/redemption.ts', 'electron')).toMatch(/allow-list/);
    expect(check('electron/services/redemption.ts', '../ipc/ports')).toMatch(/not among/);
    expect(check('electron/services/redemption.ts', '../db/repos/ledger')).toBeNull();
    expect(check('hq/server.ts', '../electron/app')).toMatch(/not among/);
    expect(check('hq/server.ts', 'fastify')).toBeNull();
  });
});
