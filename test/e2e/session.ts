// Staff accounts for browser tests: created straight in the database (the API has no public
// sign-up), then the test signs in through the PWA's login page like a person would.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { hashPassword } from '../../apps/api/src/modules/auth/crypto.ts';

export interface StaffUser {
  email: string;
  password: string;
  id: string;
}

type Roles = ('ADMIN' | 'MANAGER' | 'PICKER' | 'PACKER' | 'SUPPORT')[];

export async function createStaffUser(
  prisma: { user: { create(args: unknown): Promise<{ id: string }> } },
  options: { email?: string; name?: string; roles?: Roles; locale?: string } = {},
): Promise<StaffUser> {
  const email = options.email ?? `floor-${Date.now()}-${Math.round(Math.random() * 1e6)}@example.test`;
  const password = 'correct horse battery staple';
  const user = await prisma.user.create({
    data: { email, name: options.name ?? 'Floor Lead', passwordHash: await hashPassword(password), roles: options.roles ?? ['MANAGER'], locale: options.locale ?? 'en' },
  });
  return { email, password, id: user.id };
}

/** Signs in through the PWA's login page (the session cookie then belongs to the page's context). */
export async function signIn(page: Page, baseUrl: string, user: StaffUser, next = '/') {
  await page.goto(`${baseUrl}/login?next=${encodeURIComponent(next)}`, { waitUntil: 'load' });
  await page.getByTestId('login-email').fill(user.email);
  await page.getByTestId('login-password').fill(user.password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'), { timeout: 30_000 });
}

/**
 * A person on a 360×640 handheld (touch, reduced motion), signed in and on `next`. The context is
 * added to `contexts` for the test's afterAll to close.
 */
export async function signedInPhone(
  browser: Browser,
  contexts: BrowserContext[],
  options: { baseUrl: string; user: StaffUser; next: string; locale?: string },
): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 360, height: 640 },
    isMobile: true,
    hasTouch: true,
    locale: options.locale ?? 'en-US',
    reducedMotion: 'reduce',
  });
  contexts.push(context);
  const page = await context.newPage();
  await signIn(page, options.baseUrl, options.user, options.next);
  return page;
}

/** A bearer token for calling the API from the test itself (e.g. a colleague changing an order meanwhile). */
export async function apiToken(baseUrl: string, user: StaffUser): Promise<string> {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: 'mutation ($email: String!, $password: String!) { login(email: $email, password: $password, bearer: true) { token userErrors { code message } } }',
      variables: { email: user.email, password: user.password },
    }),
  });
  const body = await response.json();
  const token = body.data?.login?.token;
  if (!token) throw new Error(`login failed: ${JSON.stringify(body)}`);
  return token;
}

export async function graphql(baseUrl: string, token: string, query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return response.json();
}

/** Relay global id of a database row, as the API exposes it. */
export const globalId = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64');
