// A real OpenID Connect provider for the tests and `npm run demo -- --oidc`: oidc-provider
// (panva's, certified) with its development login page (any user name, any password), run as
// its own process on Node 22+ (oidc-provider 9 needs it; oidc-process.ts finds one). Who
// exists and in which groups is read from ACCOUNTS_FILE at every sign-in, so a test can
// move a user between groups while the provider runs. Prints {"issuer": …} once listening.
//   ACCOUNTS_FILE={"alice": {"groups": ["helix-admins"], "teams": ["*"]}, …}
//   CLIENT_ID, CLIENT_SECRET; PORT (0: any free one)
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

const accounts = () => JSON.parse(readFileSync(process.env.ACCOUNTS_FILE, 'utf8'));
const loopback = (uri) => /^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?\//.test(uri);

const server = createServer();
await new Promise((r) => server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', r));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
	clients: [
		{
			client_id: process.env.CLIENT_ID ?? 'helix-dashboard',
			client_secret: process.env.CLIENT_SECRET ?? 'helix-dashboard-secret',
			client_name: 'Helix Dashboard',
			// the dashboard's port is chosen at random in tests: any loopback URI is allowed below
			redirect_uris: ['http://127.0.0.1/api/auth/sso/callback'],
			post_logout_redirect_uris: ['http://127.0.0.1/login'],
			token_endpoint_auth_method: 'client_secret_post'
		}
	],
	async findAccount(_ctx, id) {
		const a = accounts()[id];
		if (!a) return undefined;
		return {
			accountId: id,
			claims: async () => ({
				sub: id,
				preferred_username: a.username ?? id,
				name: a.name ?? id,
				email: a.email ?? `${id}@idp.example`,
				groups: a.groups ?? [],
				helix_teams: a.teams ?? []
			})
		};
	},
	claims: {
		openid: ['sub'],
		profile: ['preferred_username', 'name'],
		email: ['email'],
		groups: ['groups', 'helix_teams']
	},
	scopes: ['openid', 'profile', 'email', 'groups'],
	// the claims of the granted scopes go into the ID token itself (what the dashboard reads)
	conformIdTokenClaims: false,
	pkce: { required: () => true },
	features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
	cookies: { keys: ['helix-test-provider-cookie-key'] },
	ttl: {
		Session: 3600,
		Grant: 3600,
		Interaction: 600,
		AccessToken: 600,
		IdToken: 600,
		AuthorizationCode: 60
	}
});
provider.Client.prototype.redirectUriAllowed = loopback;
provider.Client.prototype.postLogoutRedirectUriAllowed = loopback;
// the development login page is what a person uses; an unknown name gets an error page
provider.on('server_error', (_ctx, err) => console.error(JSON.stringify({ error: err.message })));
server.on('request', provider.callback());
console.log(JSON.stringify({ issuer }));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
