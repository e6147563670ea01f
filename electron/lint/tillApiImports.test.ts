import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Issue 10: each feature's api/ module is the only place that calls main. The rule lives in
 * eslint.config.js (no-restricted-imports); this runs the project's real configuration over
 * sample sources placed where components, stores and api modules live.
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const eslint = new ESLint({ cwd: root });

async function restricted(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe("the till API is called only from a feature's api/ module", () => {
  it('refuses it in components, stores, the app shell and helpers', async () => {
    expect(await restricted('renderer/features/signin/components/X.tsx', "import { invoke } from '../../../api/till';\nvoid invoke;\n")).toHaveLength(1);
    expect(await restricted('renderer/features/rapid/store/useX.ts', "import { invoke } from '../../../api/till';\nvoid invoke;\n")).toHaveLength(1);
    expect(await restricted('renderer/app/store/useX.ts', "import { on } from '../../api/till';\nvoid on;\n")).toHaveLength(1);
    expect(await restricted('renderer/app/App.tsx', "import { tillApi } from '../api/till';\nvoid tillApi;\n")).toHaveLength(1);
    expect(await restricted('renderer/lib/x.ts', "export { invoke } from '../api/till';\n")).toHaveLength(1);
  });

  it('allows it in api/ modules and tests, and allows components to use their api module', async () => {
    expect(await restricted('renderer/features/rapid/api/rapidApi.ts', "import { invoke } from '../../../api/till';\nvoid invoke;\n")).toEqual([]);
    expect(await restricted('renderer/app/api/appApi.ts', "import { invoke } from '../../api/till';\nvoid invoke;\n")).toEqual([]);
    expect(
      await restricted('renderer/features/rapid/store/useX.test.ts', "import { setTillApiForTests } from '../../../api/till';\nvoid setTillApiForTests;\n"),
    ).toEqual([]);
    expect(await restricted('renderer/features/rapid/store/useX.ts', "import { redeem } from '../api/rapidApi';\nvoid redeem;\n")).toEqual([]);
  });
});
