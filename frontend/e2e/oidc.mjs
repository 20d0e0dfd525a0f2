// The real OpenID provider of the single sign-on flow (tests/oidc/provider.mjs, the npm package
// oidc-provider) on 127.0.0.1, with a client whose redirect URI is the stack's callback.
import { execFileSync, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'

const PROVIDER_DIR = resolve(import.meta.dirname, '..', '..', 'tests', 'oidc')

export const SSO_ACCOUNT = { login: 'anna', email: 'anna.andersson@skola.test', name: 'Anna Andersson' }

/** Start the provider for an app on `appPort`; resolves once it answers, with the providers
 * setting (SKRIPTOTEKET_OIDC_PROVIDERS) that points the app at it. */
export async function startOidcProvider({ port, appPort }) {
  if (!existsSync(join(PROVIDER_DIR, 'node_modules', 'oidc-provider'))) {
    execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: PROVIDER_DIR, stdio: 'inherit' })
  }
  const client = { client_id: 'skriptoteket-e2e', client_secret: 'e2e-secret-only-on-loopback' }
  const config = {
    port,
    clients: [{ ...client, redirect_uris: [`http://127.0.0.1:${appPort}/api/v1/auth/oidc/skola/callback`] }],
    accounts: {
      [SSO_ACCOUNT.login]: { email: SSO_ACCOUNT.email, email_verified: true, name: SSO_ACCOUNT.name, groups: ['larare-programmering'] },
    },
  }
  const child = spawn('node', [join(PROVIDER_DIR, 'provider.mjs'), JSON.stringify(config)], { stdio: ['ignore', 'pipe', 'ignore'] })
  const issuer = await new Promise((ok, fail) => {
    const lines = createInterface({ input: child.stdout })
    lines.once('line', (line) => (line.startsWith('ready ') ? ok(line.slice(6)) : fail(new Error(line))))
    child.once('exit', (code) => fail(new Error(`oidc-provider exited (${code})`)))
  })
  const providers = [
    {
      id: 'skola',
      name: 'Skolkontot',
      issuer,
      ...client,
      role_claim: 'groups',
      role_map: { 'larare-programmering': 'contributor' },
    },
  ]
  return {
    issuer,
    env: { SKRIPTOTEKET_OIDC_PROVIDERS: JSON.stringify(providers) },
    stop: () => child.kill('SIGTERM'),
  }
}
