import { useCallback, useEffect, useState } from 'react';
import { ROLES, type Role } from '../../../../shared/permissions';
import type { UserInfo } from '../../../../shared/ipc';
import { createUser, listUsers, setUserDisabled, setUserPin } from '../api/usersApi';
import { useT } from '../../../i18n';
import { useFormat, type Formatter } from '../../../lib/format';
import '../../../styles/manager.css';

/**
 * Users and roles: list, add (name, role, PIN), set a PIN (also clears a lockout), disable/enable.
 * Users synced from HQ are shown with their origin and changed at HQ only (main refuses too).
 */
export function UsersScreen() {
  const t = useT();
  const [users, setUsers] = useState<UserInfo[]>([]);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('cashier');
  const [pin, setPin] = useState('');

  const load = useCallback(async () => {
    const res = await listUsers();
    if (res.ok) setUsers(res.value);
    else setMessage({ ok: false, text: res.error.message });
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const report = async (res: { ok: boolean; error?: { message: string } }) => {
    setMessage(res.ok ? { ok: true, text: t('users.saved') } : { ok: false, text: res.error?.message ?? '' });
    if (res.ok) await load();
    return res.ok;
  };

  const create = async () => {
    if (await report(await createUser(name, role, pin))) {
      setName('');
      setPin('');
    }
  };

  return (
    <main className="manager" data-testid="users-screen">
      <h1>{t('users.title')}</h1>
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          void create();
        }}
      >
        <label className="field">
          <span>{t('users.name')}</span>
          <input type="text" value={name} onChange={(e) => setName(e.target.value)} data-testid="user-name" />
        </label>
        <label className="field">
          <span>{t('users.role')}</span>
          <select value={role} onChange={(e) => setRole(e.target.value as Role)} data-testid="user-role">
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`role.${r}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('users.pin')}</span>
          <input
            type="password"
            inputMode="numeric"
            autoComplete="new-password"
            value={pin}
            onChange={(e) => setPin(e.target.value.replace(/\D/g, ''))}
            data-testid="user-pin"
          />
        </label>
        <button type="submit" className="btn btn--primary" disabled={!name.trim() || pin.length < 4} data-testid="user-create">
          {t('users.create')}
        </button>
      </form>
      {message ? (
        <p className={message.ok ? 'notice' : 'error'} role="status" data-testid="users-message">
          {message.text}
        </p>
      ) : null}
      <table className="table table--users" data-testid="users-table">
        <thead>
          <tr>
            <th>{t('users.name')}</th>
            <th>{t('users.role')}</th>
            <th>{t('users.state')}</th>
            <th>{t('users.origin')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <UserRow key={u.id} user={u} onResult={report} />
          ))}
        </tbody>
      </table>
    </main>
  );
}

export function UserRow(props: {
  user: UserInfo;
  onResult: (r: { ok: boolean; error?: { message: string } }) => Promise<boolean>;
  format?: Formatter;
  now?: number;
}) {
  const { user, onResult } = props;
  const t = useT();
  const store = useFormat();
  const f = props.format ?? store;
  const now = props.now ?? Date.now();
  return (
    <tr data-testid="user-row" data-user={user.name} data-origin={user.origin}>
      <td>{user.name}</td>
      <td>{t(`role.${user.role}`)}</td>
      <td>
        {user.disabled ? t('users.disabled') : t('users.active')}
        {user.lockedUntil && user.lockedUntil > now ? (
          <span className="cell-sub error" data-testid="user-locked">
            {t('users.lockedUntil', { time: f.when(user.lockedUntil, now) })}
          </span>
        ) : null}
      </td>
      <td>{user.origin === 'hq' ? t('users.originHq') : t('users.originLocal')}</td>
      {user.origin === 'hq' ? <td className="muted">{t('users.managedByHq')}</td> : <LocalUserActions user={user} onResult={onResult} />}
    </tr>
  );
}

/** PIN and disable/enable, for users created on this till. */
function LocalUserActions({ user, onResult }: { user: UserInfo; onResult: (r: { ok: boolean; error?: { message: string } }) => Promise<boolean> }) {
  const t = useT();
  const [pin, setPin] = useState('');
  return (
    <td className="inline-form">
      <input
        type="password"
        inputMode="numeric"
        autoComplete="new-password"
        placeholder={t('users.newPin')}
        title={t('users.pin')}
        value={pin}
        onChange={(e) => setPin(e.target.value.replace(/\D/g, ''))}
      />
      <button
        type="button"
        className="btn"
        disabled={pin.length < 4}
        onClick={async () => {
          if (await onResult(await setUserPin(user.id, pin))) setPin('');
        }}
      >
        {t('users.setPin')}
      </button>
      <button type="button" className="btn" onClick={async () => void onResult(await setUserDisabled(user.id, !user.disabled))}>
        {user.disabled ? t('users.enable') : t('users.disable')}
      </button>
    </td>
  );
}
