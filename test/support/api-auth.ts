// Credentials for tests that talk to a running server over HTTP: demo logins (seeded with the demo
// data, see README "Logins, roles and API keys") and integrator API keys created by the demo admin.

export const demoLogins = {
  admin: { email: 'admin@orderly.local', password: 'orderly-admin' },
  manager: { email: 'manager@orderly.local', password: 'orderly-manager' },
  picker: { email: 'picker@orderly.local', password: 'orderly-picker' },
  packer: { email: 'packer@orderly.local', password: 'orderly-packer' },
  support: { email: 'support@orderly.local', password: 'orderly-support' },
} as const;

async function graphqlPost(baseUrl: string, body: unknown, token?: string) {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { response, body: await response.json() };
}

/** Logs in through the API; returns the session token (also the value of the `orderly_session` cookie). */
export async function loginToken(baseUrl: string, login: { email: string; password: string }): Promise<string> {
  const { body } = await graphqlPost(baseUrl, {
    query: 'mutation($email: String!, $password: String!) { login(email: $email, password: $password, bearer: true) { token userErrors { code message } } }',
    variables: login,
  });
  const token = body.data?.login?.token;
  if (!token) throw new Error(`login as ${login.email} failed: ${JSON.stringify(body)}`);
  return token;
}

/** An integrator API key (ork_…) with the given scopes, created by the demo admin. */
export async function createApiKey(baseUrl: string, scopes: string[], name = 'test integrator'): Promise<string> {
  const admin = await loginToken(baseUrl, demoLogins.admin);
  const { body } = await graphqlPost(
    baseUrl,
    {
      query: 'mutation($name: String!, $scopes: [ApiKeyScope!]!) { createApiKey(name: $name, scopes: $scopes) { key userErrors { code message } } }',
      variables: { name, scopes },
    },
    admin,
  );
  const key = body.data?.createApiKey?.key;
  if (!key) throw new Error(`createApiKey failed: ${JSON.stringify(body)}`);
  return key;
}
