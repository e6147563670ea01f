import type { Sender } from '../ipc/register';
import type { TillApp } from '../app';
import type { DemoSeed } from '../demo/seed';
import { DEMO_PINS } from '../demo/campaigns';
import type { Result } from '../../shared/ipc/result';

/**
 * Calls into a test's TillApp through the one IPC loop, as a trusted window would: `call` answers
 * the Result, `value` throws on a refusal. The app and seed are read through getters because
 * tests open a fresh one in each beforeEach.
 */
export function appCalls(getApp: () => TillApp, getSeed: () => DemoSeed, win: Sender = { kind: 'window', clientId: 'w1', trusted: true }) {
  const call = (channel: string, request: unknown = {}, overrideToken?: string): Promise<Result<unknown>> =>
    getApp().api.call(channel, win, overrideToken ? { request, overrideToken } : { request });
  async function value<T>(channel: string, request: unknown = {}, overrideToken?: string): Promise<T> {
    const r = await call(channel, request, overrideToken);
    if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
    return r.value as T;
  }
  const codeOf = (campaignId: number, nth = 0) => getSeed().codes.filter((c) => c.campaignId === campaignId)[nth]!.code;
  const userId = async (role: string) => (await value<{ id: string; role: string }[]>('till:auth:roster')).find((u) => u.role === role)!.id;
  const signIn = async (role: keyof typeof DEMO_PINS) => value('till:auth:signIn', { userId: await userId(role), pin: DEMO_PINS[role] });
  return { win, call, value, codeOf, userId, signIn };
}
