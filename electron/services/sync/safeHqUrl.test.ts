import { describe, expect, it } from 'vitest';
import { requireSafeHqUrl } from './engine';

/** Issue 11 item 11 (till): the credential goes to HQ only over HTTPS, to loopback, or where the store allowed plain HTTP. */
describe('the till and a plain-HTTP HQ', () => {
  it('refuses http:// off this machine unless the store allowed it; HTTPS and loopback are fine', () => {
    expect(() => requireSafeHqUrl('http://10.0.0.5:8787', false)).toThrow(/not HTTPS/);
    expect(() => requireSafeHqUrl('http://hq.example.com', false)).toThrow(/not HTTPS/);
    expect(() => requireSafeHqUrl('http://10.0.0.5:8787', true)).not.toThrow();
    for (const ok of ['https://hq.example.com', 'http://127.0.0.1:8787', 'http://localhost:1', 'http://[::1]:8787'])
      expect(() => requireSafeHqUrl(ok, false), ok).not.toThrow();
  });
});
