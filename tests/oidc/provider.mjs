// A real, certified OpenID provider (the npm package oidc-provider) for the single sign-on
// tests: `node provider.mjs '<config JSON>'`, listening on 127.0.0.1 only; prints one line
// `ready <issuer>` when it answers. Its development login pages accept any password.
//
// config: {"port": 0 or a port, "clients": [{client_id, client_secret, redirect_uris}],
//          "accounts": {"<login>": {email, email_verified, name, groups?}}}
import { createServer } from 'node:http'
import Provider from 'oidc-provider'

const config = JSON.parse(process.argv[2] ?? '{}')
const accounts = config.accounts ?? {}

const issuer = `http://127.0.0.1:${config.port}`
const provider = new Provider(issuer, {
  clients: (config.clients ?? []).map((client) => ({
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
    ...client,
  })),
  // The role claim rides on the profile scope, as a directory's groups often do.
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'groups'] },
  findAccount: (ctx, id) =>
    accounts[id] === undefined ? undefined : { accountId: id, claims: () => ({ sub: id, ...accounts[id] }) },
  pkce: { required: () => true },
  cookies: { keys: ['only-for-tests-on-loopback'] },
  features: { devInteractions: { enabled: true } },
})
// Quiet: the tests provoke errors on purpose.
provider.on('server_error', (ctx, error) => console.error('server_error', error))

const server = createServer(provider.callback())
server.listen(config.port, '127.0.0.1', () => console.log(`ready ${issuer}`))
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => server.close(() => process.exit(0)))
