import { createSignal, Show } from 'solid-js';
import { useNavigate, useSearchParams } from '@solidjs/router';
import { useClient } from '@urql/solid';
import { useI18n } from '../../i18n';
import { setUnauthenticated } from '../../auth/session';
import { isConnectionError } from '../../graphql/client';
import { useOutbox } from '../../offline/outbox';
import { landingFor } from './landing';
import { LoginMutation, MeQuery } from './login.graphql';

type LoginError = 'credentials' | 'network' | 'server' | 'missing';

/**
 * Login (route /login?next=…): e-mail + password, big fields. The API sets an httpOnly session
 * cookie; then the app goes back where it was — or, coming from the start page, to the person's
 * station (./landing.ts: pickers pick, packers pack, the station used last on this device) — and
 * sends anything that waited in the outbox.
 */
export default function LoginPage() {
  const { t } = useI18n();
  const client = useClient();
  const outbox = useOutbox();
  const navigate = useNavigate();
  const [params] = useSearchParams<{ next?: string }>();
  const [email, setEmail] = createSignal('');
  const [password, setPassword] = createSignal('');
  const [showPassword, setShowPassword] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<LoginError>();

  /** Where to go: the page the person came from, or (from the start page) their station. */
  const next = (me: { roles: readonly string[]; permissions: readonly string[] }) => {
    const target = params.next ?? '/';
    // Only paths of this app (never another origin).
    const safe = target.startsWith('/') && !target.startsWith('//') && !target.startsWith('/login') ? target : '/';
    return safe === '/' ? landingFor(me) : safe;
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!email().trim() || !password()) return setError('missing');
    setBusy(true);
    setError(undefined);
    const result = await client.mutation(LoginMutation, { email: email().trim(), password: password() }).toPromise();
    setBusy(false);
    const payload = result.data?.login;
    if (payload?.me) {
      setUnauthenticated(false);
      setPassword('');
      // Screens read the user's permissions from `me`: refresh it for whoever signed in now.
      void client.query(MeQuery, {}, { requestPolicy: 'network-only' }).toPromise();
      void outbox.flush();
      navigate(next(payload.me), { replace: true });
      return;
    }
    if (payload?.userErrors.length) return setError('credentials');
    setError(result.error && isConnectionError(result.error) ? 'network' : 'server');
  };

  const errorText = () => {
    switch (error()) {
      case 'credentials':
        return t('login.error.credentials');
      case 'network':
        return t('queue.error.network');
      case 'server':
        return t('queue.error.server');
      case 'missing':
        return t('login.error.missing');
      default:
        return '';
    }
  };

  return (
    <section class="page login" data-testid="login-page">
      <div class="login__card card">
        <img src="/favicon.svg" alt="" width="56" height="56" class="login__logo" />
        <h1 class="page-title">{t('login.title')}</h1>
        <p class="muted">{t('login.subtitle')}</p>
        <form class="form" onSubmit={submit} novalidate>
          <label class="field">
            <span class="field__label">{t('login.email')}</span>
            <input
              class="field__control login__input"
              type="email"
              inputmode="email"
              autocomplete="username"
              autocapitalize="off"
              spellcheck={false}
              required
              value={email()}
              data-testid="login-email"
              onInput={(e) => setEmail(e.currentTarget.value)}
            />
          </label>
          <label class="field">
            <span class="field__label">{t('login.password')}</span>
            <span class="login__password">
              <input
                class="field__control login__input"
                type={showPassword() ? 'text' : 'password'}
                autocomplete="current-password"
                required
                value={password()}
                data-testid="login-password"
                onInput={(e) => setPassword(e.currentTarget.value)}
              />
              <button type="button" class="button button--ghost login__show" aria-pressed={showPassword()} onClick={() => setShowPassword(!showPassword())}>
                {showPassword() ? t('login.hide') : t('login.show')}
              </button>
            </span>
          </label>
          <Show when={error()}>
            <div class="notice notice--error" role="alert" data-testid="login-error" data-error={error()}>
              {errorText()}
            </div>
          </Show>
          <button type="submit" class="button button--primary button--wide login__submit" data-testid="login-submit" disabled={busy()}>
            {busy() ? t('login.signingIn') : t('login.submit')}
          </button>
        </form>
      </div>
    </section>
  );
}
