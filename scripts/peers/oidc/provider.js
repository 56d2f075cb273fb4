// An OpenID Connect provider standing in for an Amazon Cognito user pool in tests
// (see ../../../../shared/notes/oidc.md). Started by ../oidc.sh; settings come from the environment:
//   OIDC_PORT            loopback port to listen on (required)
//   OIDC_CLIENT_ID       the app client's id      (default portal-test)
//   OIDC_CLIENT_SECRET   the app client's secret  (default portal-test-secret)
//   OIDC_REDIRECT_URIS   extra exact redirect URIs, comma separated; any loopback origin's
//                        /signin-oidc is accepted without listing it
//   OIDC_LOGOUT_URIS     extra exact sign-out URIs for /logout; any loopback URL is accepted
//
// Like Cognito: the id_token carries email, name, "cognito:username" and "cognito:groups" (an array);
// access tokens are JWTs with client_id, username, "cognito:groups" and token_use=access; discovery
// has no end_session_endpoint and no PAR; sign-out is GET /logout?client_id=..&logout_uri=..;
// there is no consent screen. The login form (dev interactions) accepts any login and password.
//
// Test accounts: the login's first segment (before "-" or "@") decides the groups:
//   admin-* -> [Admin], sales-* -> [Sales], logistics-* -> [Logistics], analyst-* -> [Analyst],
//   customer-* -> [Customer], anything else -> [].
// Test control (loopback only, for test set-up):
//   PUT    /_test/accounts/{login}  {"groups": ["Sales"], "expiredAccessTokens": true}  overrides
//   DELETE /_test/accounts/{login}                                                     back to defaults
import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

const port = Number(process.env.OIDC_PORT);
if (!Number.isInteger(port) || port <= 0) {
  console.error('OIDC_PORT is required');
  process.exit(2);
}
const issuer = `http://127.0.0.1:${port}`;
const clientId = process.env.OIDC_CLIENT_ID || 'portal-test';
const clientSecret = process.env.OIDC_CLIENT_SECRET || 'portal-test-secret';
const list = (value) => (value || '').split(/[\s,]+/).filter(Boolean);
const extraRedirectUris = list(process.env.OIDC_REDIRECT_URIS);
const extraLogoutUris = list(process.env.OIDC_LOGOUT_URIS);
const apiResource = 'urn:portal:api';

const groupByPrefix = {
  admin: 'Admin', sales: 'Sales', logistics: 'Logistics', analyst: 'Analyst', customer: 'Customer',
};
const overrides = new Map();

function accountFor(login) {
  const prefix = login.toLowerCase().split(/[-@]/)[0];
  const override = overrides.get(login) || {};
  const groups = override.groups ?? (groupByPrefix[prefix] ? [groupByPrefix[prefix]] : []);
  const email = login.includes('@') ? login.toLowerCase() : `${login.toLowerCase()}@users.oidc.test`;
  return {
    login, groups, email, name: `Test ${login}`, expiredAccessTokens: override.expiredAccessTokens === true,
  };
}

const isLoopback = (url) => ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
function parse(value) {
  try { return new URL(value); } catch { return undefined; }
}
function redirectAllowed(value) {
  if (extraRedirectUris.includes(value)) return true;
  const url = parse(value);
  return !!url && url.protocol === 'http:' && isLoopback(url) && url.pathname === '/signin-oidc' && !url.search && !url.hash;
}
function logoutAllowed(value) {
  if (extraLogoutUris.includes(value)) return true;
  const url = parse(value);
  return !!url && (url.protocol === 'http:' || url.protocol === 'https:') && isLoopback(url) && !url.hash;
}

// A fresh signing key per run, so no token outlives the peer.
const signingKey = { ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }), use: 'sig', alg: 'RS256', kid: `k-${Date.now()}` };

const configuration = {
  jwks: { keys: [signingKey] },
  clients: [{
    client_id: clientId,
    client_secret: clientSecret,
    grant_types: ['authorization_code'],
    response_types: ['code'],
    redirect_uris: ['http://127.0.0.1/signin-oidc', ...extraRedirectUris],
    token_endpoint_auth_method: 'client_secret_post',
  }],
  pkce: { required: () => true },
  cookies: { keys: [`cookie-key-${clientSecret}`] },
  claims: {
    openid: ['sub', 'cognito:groups', 'cognito:username'],
    email: ['email', 'email_verified'],
    profile: ['name'],
  },
  conformIdTokenClaims: false,
  async findAccount(ctx, sub) {
    const account = accountFor(sub);
    return {
      accountId: sub,
      async claims() {
        return {
          sub,
          'cognito:username': account.login,
          'cognito:groups': account.groups,
          email: account.email,
          email_verified: true,
          name: account.name,
        };
      },
    };
  },
  // Cognito has no consent screen: every sign-in is granted the scopes it asks for.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) {
      const existing = await ctx.oidc.provider.Grant.find(grantId);
      if (existing) return existing;
    }
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid email profile');
    grant.addOIDCClaims(['email', 'email_verified', 'name', 'cognito:groups', 'cognito:username']);
    grant.addResourceScope(apiResource, 'openid email profile');
    await grant.save();
    return grant;
  },
  features: {
    devInteractions: { enabled: true },
    pushedAuthorizationRequests: { enabled: false },
    rpInitiatedLogout: { enabled: false },
    introspection: { enabled: false },
    revocation: { enabled: true },
    // Access tokens are JWTs (as Cognito's are), for the one API resource.
    resourceIndicators: {
      enabled: true,
      defaultResource: async () => apiResource,
      useGrantedResource: async () => true,
      getResourceServerInfo: async () => ({
        scope: 'openid email profile',
        accessTokenFormat: 'jwt',
        accessTokenTTL: 3600,
        jwt: { sign: { alg: 'RS256' } },
      }),
    },
  },
  formats: {
    customizers: {
      async jwt(ctx, token, jwt) {
        if (!token.accountId) return;
        const account = accountFor(token.accountId);
        jwt.payload.token_use = 'access';
        jwt.payload.username = account.login;
        jwt.payload['cognito:groups'] = account.groups;
        if (account.expiredAccessTokens) {
          const now = Math.floor(Date.now() / 1000);
          jwt.payload.iat = now - 7200;
          jwt.payload.exp = now - 3600;
        }
      },
    },
  },
  ttl: { AccessToken: 3600, IdToken: 3600, Session: 8 * 3600, Grant: 8 * 3600, Interaction: 600 },
};

const provider = new Provider(issuer, configuration);
const allowRedirect = provider.Client.prototype.redirectUriAllowed;
provider.Client.prototype.redirectUriAllowed = function redirectUriAllowed(value) {
  return allowRedirect.call(this, value) || redirectAllowed(value);
};

async function readJson(ctx) {
  const chunks = [];
  for await (const chunk of ctx.req) chunks.push(chunk);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : {};
}

provider.use(async (ctx, next) => {
  // Cognito-style sign-out: GET /logout?client_id=..&logout_uri=.. ends the session and redirects.
  if (ctx.path === '/logout' && ctx.method === 'GET') {
    const { client_id: logoutClientId, logout_uri: logoutUri } = ctx.query;
    if (logoutClientId !== clientId) {
      ctx.status = 400;
      ctx.body = { error: 'invalid_request', error_description: 'unknown client_id' };
      return;
    }
    if (typeof logoutUri !== 'string' || !logoutAllowed(logoutUri)) {
      ctx.status = 400;
      ctx.body = { error: 'invalid_request', error_description: 'logout_uri is not an allowed sign-out URL' };
      return;
    }
    const session = await provider.Session.get(ctx);
    if (session.accountId) {
      const grantId = session.grantIdFor(clientId);
      if (grantId) await (await provider.Grant.find(grantId))?.destroy();
      await session.destroy();
      console.log(`logout: ended the session of ${session.accountId}`);
    }
    ctx.cookies.set(provider.cookieName('session'), null);
    ctx.cookies.set(`${provider.cookieName('session')}.sig`, null);
    ctx.redirect(logoutUri);
    return;
  }

  const control = /^\/_test\/accounts\/([^/]+)$/.exec(ctx.path);
  if (control) {
    const login = decodeURIComponent(control[1]);
    if (ctx.method === 'PUT') {
      const body = await readJson(ctx);
      if (body.groups !== undefined && !(Array.isArray(body.groups) && body.groups.every((g) => typeof g === 'string'))) {
        ctx.status = 400;
        ctx.body = { error: 'groups must be an array of strings' };
        return;
      }
      overrides.set(login, { groups: body.groups, expiredAccessTokens: body.expiredAccessTokens === true });
    } else if (ctx.method === 'DELETE') {
      overrides.delete(login);
    } else if (ctx.method !== 'GET') {
      ctx.status = 405;
      return;
    }
    ctx.body = accountFor(login);
    return;
  }
  await next();
});

provider.on('server_error', (ctx, error) => console.error('server_error', error));

createServer(provider.callback()).listen(port, '127.0.0.1', () => {
  console.log(`oidc-provider listening on ${issuer} (client ${clientId})`);
});
