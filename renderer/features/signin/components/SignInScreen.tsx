import { useEffect, useRef } from 'react';
import { useT } from '../../../i18n';
import { useFormat, warmFormatsWhenIdle } from '../../../lib/format';
import { useSignInStore } from '../store/useSignInStore';
import { useSessionStore } from '../../../app/store/useSessionStore';
import { onIgnoredScan } from '../../scan/scanRouter';
import { onTypedOutsideFields } from '../../scan/windowCapture';

const PAD = ['1', '2', '3', '4', '5', '6', '7', '8', '9', 'clear', '0', 'back'] as const;

/**
 * Sign-in: pick the user (click, or digit keys 1-9 / arrows + Enter), then the PIN on the pad
 * or the keyboard, Enter to sign in. Keyboard-first; a scan made here never lands in the PIN
 * (the window capture routes it away, and no screen takes scans before sign-in).
 */
export function SignInScreen() {
  const t = useT();
  const f = useFormat();
  const { roster, userId, pin, busy, error } = useSignInStore();
  const { loadRoster, pick, setPin, pressDigit, backspace, submit } = useSignInStore.getState();
  const idle = useSessionStore((s) => s.signedOutReason);
  const pinRef = useRef<HTMLInputElement>(null);
  const user = roster.find((u) => u.id === userId) ?? null;

  useEffect(() => {
    void loadRoster();
  }, [loadRoster]);
  useEffect(() => warmFormatsWhenIdle(), []);
  // A scan here is ignored with a notice, never typed into the PIN (the key capture routes it away).
  useEffect(() => onIgnoredScan(() => useSignInStore.getState().noteScan()), []);
  const scanNotice =
    error?.kind === 'scanned' || error?.kind === 'notAPin' ? (
      <p className="notice" role="status" data-testid="signin-scan-notice">
        {t(error.kind === 'scanned' ? 'scan.signInFirst' : 'scan.notAPin')}
      </p>
    ) : null;
  useEffect(() => {
    if (user) pinRef.current?.focus();
  }, [user]);

  const pickByDigit = (key: string): boolean => {
    const n = Number(key);
    const { roster: users, userId: chosen } = useSignInStore.getState();
    if (chosen || key.length !== 1 || !Number.isInteger(n) || n < 1 || n > users.length) return false;
    pick(users[n - 1]!.id);
    return true;
  };
  const onRosterKey = (e: React.KeyboardEvent) => {
    if (pickByDigit(e.key)) e.preventDefault();
  };
  // The digit hints: the window's scan detector holds digits back (they may start a scan), so the
  // tiles hear them once it has judged them a person's typing.
  useEffect(() => onTypedOutsideFields((text) => void pickByDigit(text)), []);

  if (!user) {
    return (
      <main className="signin" onKeyDown={onRosterKey} data-testid="signin-screen">
        <h1 className="signin__title">{t('signIn.pickUser')}</h1>
        {idle === 'idle' ? <p className="notice">{t('signIn.signedOutIdle')}</p> : null}
        {scanNotice}
        {roster.length === 0 ? <p className="notice">{t('signIn.noUsers')}</p> : null}
        <ul className="signin__users">
          {roster.map((u, i) => (
            <li key={u.id}>
              <button type="button" className="user-tile" data-testid={`signin-user-${u.id}`} onClick={() => pick(u.id)} autoFocus={i === 0}>
                <kbd className="user-tile__key">{i + 1}</kbd>
                <span className="user-tile__name">{u.name}</span>
                <span className="user-tile__role">{t(`role.${u.role}`)}</span>
              </button>
            </li>
          ))}
        </ul>
      </main>
    );
  }

  return (
    <main className="signin" data-testid="signin-pin">
      <h1 className="signin__title">{t('signIn.enterPin', { name: user.name })}</h1>
      <form
        className="pin"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <input
          ref={pinRef}
          className="pin__field"
          data-testid="signin-pin-field"
          type="password"
          inputMode="numeric"
          autoComplete="off"
          aria-label={t('signIn.pin')}
          value={pin}
          onChange={(e) => setPin(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') pick(null);
          }}
        />
        {scanNotice}
        {error && error.kind !== 'scanned' && error.kind !== 'notAPin' ? (
          <p className="pin__error" role="alert" data-testid="signin-error">
            {error.kind === 'wrongPin'
              ? t('signIn.wrongPin')
              : error.kind === 'lockedOut'
                ? t('signIn.lockedOut', { time: f.when(error.until) })
                : error.message}
          </p>
        ) : null}
        <div className="pin__pad">
          {PAD.map((k) => (
            <button
              key={k}
              type="button"
              tabIndex={-1}
              onMouseDown={(e) => e.preventDefault()}
              className="pin__key"
              aria-label={k === 'back' ? t('signIn.backspace') : undefined}
              onClick={() => (k === 'clear' ? setPin('') : k === 'back' ? backspace() : pressDigit(k))}
            >
              {k === 'clear' ? t('signIn.clear') : k === 'back' ? '⌫' : k}
            </button>
          ))}
        </div>
        <div className="pin__actions">
          <button type="button" className="btn" onClick={() => pick(null)}>
            {t('signIn.back')}
          </button>
          <button type="submit" className="btn btn--primary" disabled={busy || pin.length < 4} data-testid="signin-submit">
            {t('signIn.submit')}
          </button>
        </div>
      </form>
    </main>
  );
}
