/**
 * Whether an HQ address sends the till's credential (and the store's PIN hashes) in the clear
 * across a network: plain http:// to anything but this machine. Such an HQ is used only while the
 * store allows it in Settings (allowPlainHttpHq), with a warning on screen.
 */
export function isPlainHttpOffMachine(hqUrl: string | null | undefined): boolean {
  if (!hqUrl) return false;
  let u: URL;
  try {
    u = new URL(hqUrl);
  } catch {
    return false;
  }
  if (u.protocol !== 'http:') return false;
  const host = u.hostname.replace(/^\[|\]$/g, '');
  return !(host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host));
}
