import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Permission, SessionState, Settings, SignInResult, UserSummary } from '../../src-main/contract';
import { rememberUiLanguage, setUiLanguage } from '../i18n';
import { setStationLanguages } from '../i18n/languages';
import { App } from '../shell/App';
import type { StudioClient } from '../studio/client';
import { keepResumeToken, readResumeToken } from '../studio/resume-token';
import { StudioContext } from '../studio/studio-context';
import { type StudioCallError, toStudioCallError } from '../studio/studio-error';
import { leave } from '../ui/unsaved';
import { AuthPage } from './AuthPage';
import { ChangePasswordForm } from './ChangePasswordForm';
import { LockScreen } from './LockScreen';
import { SessionContext, type SessionValue } from './session-context';
import { SetupScreen } from './SetupScreen';
import { SignInScreen } from './SignInScreen';
import { useIdleLock } from './useIdleLock';

/**
 * Who is at this window decides what it shows: the first start's admin setup, the sign-in screen,
 * the forced change of a reset password, or the studio (with the lock over it when locked). A
 * reloaded window resumes its session with the token kept in session storage.
 */
export function SessionGate({ client }: { client: StudioClient }) {
  const { t } = useTranslation();
  const [session, setSession] = useState<SessionState | null>(null);
  const [failed, setFailed] = useState<StudioCallError | null>(null);

  const refresh = useCallback(() => {
    client.api.auth.state().then(setSession, (err: unknown) => setFailed(toStudioCallError(err)));
  }, [client]);

  useEffect(() => {
    let gone = false;
    const start = async (): Promise<SessionState> => {
      const resumeToken = readResumeToken();
      if (resumeToken) {
        try {
          return await client.api.auth.resume({ resumeToken });
        } catch {
          // Signed out elsewhere, or the studio restarted: sign in again.
          keepResumeToken(null);
        }
      }
      return client.api.auth.state();
    };
    start().then(
      (s) => !gone && setSession(s),
      (err: unknown) => !gone && setFailed(toStudioCallError(err)),
    );
    return () => {
      gone = true;
    };
  }, [client]);

  // Main locked the session, or ended it (the user was disabled): ask again who is here.
  useEffect(() => client.onSessionTrouble(refresh), [client, refresh]);

  const signedIn = useCallback((result: SignInResult) => {
    keepResumeToken(result.resumeToken);
    setSession(result.session);
  }, []);
  const adopt = useCallback((next: SessionState) => {
    if (!next.user) keepResumeToken(null);
    setSession(next);
  }, []);
  const signOutNow = useCallback(() => {
    keepResumeToken(null);
    client.api.auth.signOut().then(setSession, refresh);
  }, [client, refresh]);

  if (failed) return <p className="boot-error">{failed.message}</p>;
  if (!session) return <p className="auth-starting">{t('auth.starting')}</p>;
  if (session.setupNeeded) return <SetupScreen client={client} onSignedIn={signedIn} />;
  if (!session.user) return <SignInScreen client={client} onSignedIn={signedIn} />;
  if (session.user.mustChangePassword && !session.locked) {
    return (
      <AuthPage
        title={t('auth.changeForcedTitle')}
        intro={t('auth.changeForcedIntro')}
        testId="forced-change"
      >
        <ChangePasswordForm client={client} onChanged={adopt}>
          <button type="button" className="btn" onClick={signOutNow}>
            {t('auth.signOut')}
          </button>
        </ChangePasswordForm>
      </AuthPage>
    );
  }
  return (
    <SignedIn
      // Another user signing in at this window starts the studio afresh.
      key={session.user.id}
      client={client}
      session={session}
      user={session.user}
      adopt={adopt}
      signOutNow={signOutNow}
    />
  );
}

function SignedIn({
  client,
  session,
  user,
  adopt,
  signOutNow,
}: {
  client: StudioClient;
  session: SessionState;
  user: UserSummary;
  adopt(next: SessionState): void;
  signOutNow(): void;
}) {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [failed, setFailed] = useState<StudioCallError | null>(null);
  // What the user may do as of the last time the window was unlocked (the studio's `useMay`): a
  // locked session holds none, but hiding the workspaces then would unmount them and lose unsaved work.
  const [permissions, setPermissions] = useState<readonly Permission[]>(session.permissions);
  const locked = session.locked;

  useEffect(() => {
    if (!locked) setPermissions(session.permissions);
  }, [locked, session.permissions]);

  const takeSettings = useCallback((next: Settings) => {
    setStationLanguages(next.languages);
    rememberUiLanguage(next.uiLanguage);
    void setUiLanguage(next.uiLanguage);
    setSettings(next);
  }, []);
  // Settings are read once signed in and unlocked (a locked session may read nothing).
  const loaded = settings !== null;
  useEffect(() => {
    if (locked || loaded) return;
    client.api.settings.get().then(takeSettings, (err: unknown) => setFailed(toStudioCallError(err)));
  }, [client, locked, loaded, takeSettings]);
  useEffect(() => client.api.on('settings.changed', takeSettings), [client, takeSettings]);

  const lock = useCallback(() => {
    if (locked) return;
    // Locked on screen even if main cannot be told now: unlocking asks main for the password anyway.
    client.api.auth.lock().then(adopt, () => adopt({ ...session, locked: true, permissions: [] }));
  }, [client, adopt, locked, session]);
  // The setting as it changes (settings.changed), else as the session said at sign-in.
  useIdleLock(settings?.idleLockMinutes ?? session.idleLockMinutes, !locked, lock);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey && !e.altKey && !e.metaKey && !e.shiftKey && e.key.toLowerCase() === 'l') {
        e.preventDefault();
        lock();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [lock]);

  const value = useMemo<SessionValue>(
    () => ({ session, user, adopt, lock, signOut: () => leave(signOutNow) }),
    [session, user, adopt, lock, signOutNow],
  );

  if (failed) return <p className="boot-error">{failed.message}</p>;
  const lockScreen = locked && (
    <LockScreen client={client} user={user} onUnlocked={adopt} onSignOut={signOutNow} />
  );
  if (!settings) return lockScreen || null;
  return (
    <SessionContext.Provider value={value}>
      <StudioContext.Provider value={{ client, settings, permissions, user: session.user }}>
        {/* Beneath the lock, untouched: nothing of the studio unmounts while it is locked. */}
        <div inert={locked || undefined} aria-hidden={locked || undefined}>
          <App />
        </div>
        {lockScreen}
      </StudioContext.Provider>
    </SessionContext.Provider>
  );
}
