import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { can, OVERRIDABLE, ROLES, type Permission } from '../../shared/permissions';

/**
 * The README's role table says which role may do what; shared/permissions.ts is what main
 * enforces. Each row names the permissions it stands for: the ✓s and "with a manager's
 * override" must be what the code grants, so the README cannot drift from it.
 */
const ROWS: [string, Permission[]][] = [
  ['validate and redeem', ['coupon.validate', 'coupon.redeem', 'basket.read', 'sync.read', 'sync.run']],
  ['void a redemption', ['coupon.void']],
  ['redeem an online-claim coupon', ['coupon.offlineClaim']],
  ['read the redemption log', ['log.read', 'conflicts.read']],
  ['read the end-of-day report', ['report.read', 'report.export']],
  ['export the whole log', ['log.export']],
  ['manage users, change settings and scanners', ['users.manage', 'settings.write', 'scanner.manage']],
  ['approve another user', ['override.grant']],
];

function readmeTable(): Map<string, string[]> {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  // The head row, however Prettier pads the table's columns.
  const start = readme.search(/\|\s*may …\s*\|\s*cashier\s*\|\s*supervisor\s*\|\s*manager\s*\|/);
  expect(start, 'the role table in README.md').toBeGreaterThanOrEqual(0);
  const lines = readme
    .slice(start)
    .split('\n')
    .map((l) => l.trim())
    .filter((l, i, all) => all.slice(0, i + 1).every((x) => x.startsWith('|')));
  return new Map(
    lines
      .slice(2)
      .map((l) =>
        l
          .split('|')
          .slice(1, -1)
          .map((c) => c.trim()),
      )
      .map(([what, ...cells]) => [what!, cells]),
  );
}

describe("README's role table", () => {
  it("says what shared/permissions.ts grants each role, and which rows a manager's override opens", () => {
    const table = readmeTable();
    for (const [row, permissions] of ROWS) {
      const found = [...table.entries()].find(([what]) => what.startsWith(row));
      expect(found, `README row "${row}…"`).toBeDefined();
      const cells = found![1];
      ROLES.forEach((role, i) => {
        const granted = permissions.every((p) => can(role, p));
        const overridable = !granted && permissions.every((p) => OVERRIDABLE.includes(p));
        const expected = granted ? '✓' : overridable ? "with a manager's override" : '';
        expect(cells[i], `${row} / ${role}`).toBe(expected);
      });
    }
  });
});
