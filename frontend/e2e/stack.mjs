// Start the whole stack for end-to-end tests: `skriptoteket up` (embedded PostgreSQL, migrations,
// the demo superuser, the script bank's published tools, the API serving the built SPA and the
// worker) in a throwaway data directory and port. The worker runs tools in the real runner image
// when a container engine (DOCKER_HOST) has it; under CI=true it must.
import { execFileSync, spawn } from 'node:child_process'
import { request } from 'node:http'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const REPO = resolve(import.meta.dirname, '..', '..')

export function freePort() {
  return new Promise((ok, fail) => {
    const server = createServer()
    server.once('error', fail)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => ok(port))
    })
  })
}

async function waitFor(url, child, seconds) {
  const deadline = Date.now() + seconds * 1000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the stack exited early (${child.exitCode})`)
    try {
      const response = await fetch(url)
      if (response.ok) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500))
  }
  throw new Error(`${url} did not become ready within ${seconds} s`)
}

export const IN_CI = ['1', 'true', 'yes'].includes(String(process.env.CI ?? '').toLowerCase())

/** GET a path of the Docker Engine API on DOCKER_HOST's unix socket: the status code, 0 when unreachable. */
function engineStatus(path) {
  const host = process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock'
  if (!host.startsWith('unix://')) return Promise.resolve(0)
  return new Promise((ok) => {
    const req = request({ socketPath: host.slice('unix://'.length), path, timeout: 5000 }, (res) => {
      res.resume()
      ok(res.statusCode ?? 0)
    })
    req.on('error', () => ok(0))
    req.on('timeout', () => req.destroy())
    req.end()
  })
}

/** The runner image to run tools in, or null (tools then run nowhere: the noop runner). */
async function runnerImage() {
  const image = execFileSync(join(REPO, 'runner-image', 'build.sh'), ['--print'], { encoding: 'utf8' }).trim()
  let reason = null
  if ((await engineStatus('/_ping')) !== 200) reason = `no container engine at DOCKER_HOST=${process.env.DOCKER_HOST ?? ''}`
  else if ((await engineStatus(`/images/${encodeURIComponent(image)}/json`)) !== 200) reason = `the runner image ${image} is not built (make runner-image)`
  if (reason && IN_CI) throw new Error(`CI=true and the e2e stack needs the real runner: ${reason}`)
  if (reason) console.log(`  (no real runner: ${reason}; runs will not execute)`)
  return reason ? null : image
}

/** Sign in over the API: a cookie jar of one session plus its CSRF token. */
export async function apiSession(baseUrl, email, password) {
  const response = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }),
  })
  if (!response.ok) throw new Error(`login as ${email}: ${response.status} ${await response.text()}`)
  const { csrf_token } = await response.json()
  const cookie = response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ')
  return (method, path, body) =>
    fetch(`${baseUrl}${path}`, {
      method,
      headers: { Cookie: cookie, 'X-CSRF-Token': csrf_token ?? '', 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
}

/** The people of the flows, created by the admin: a teacher and a contributor. */
async function createPeople(baseUrl, admin) {
  const asAdmin = await apiSession(baseUrl, admin.email, admin.password)
  const people = {
    teacher: { email: 'larare@skola.se', password: 'larare-losenord-1', display_name: 'Lärare Lena', role: 'user' },
    contributor: { email: 'bidrag@skola.se', password: 'bidrag-losenord-1', display_name: 'Bidragare Bo', role: 'contributor' },
  }
  for (const person of Object.values(people)) {
    const response = await asAdmin('POST', '/api/v1/users', person)
    if (response.status !== 201) throw new Error(`create ${person.email}: ${response.status} ${await response.text()}`)
  }
  return people
}

/** `port` and `settings` (SKRIPTOTEKET_* variables) are for flows that must know them first. */
export async function startStack({ port = null, settings = {} } = {}) {
  const image = await runnerImage()
  const dataDir = mkdtempSync(join(tmpdir(), 'skriptoteket-e2e-'))
  port = port ?? (await freePort())
  const env = { ...process.env, ...settings, SKRIPTOTEKET_DATA_DIR: dataDir, SKRIPTOTEKET_PORT: String(port), SKRIPTOTEKET_LOG_LEVEL: 'WARNING' }
  if (image) Object.assign(env, { SKRIPTOTEKET_RUNNER: 'docker', SKRIPTOTEKET_RUNNER_IMAGE: image })
  delete env.DATABASE_URL
  const child = spawn('uv', ['run', 'skriptoteket', 'up'], { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
  let log = ''
  child.stdout.on('data', (d) => (log += d))
  child.stderr.on('data', (d) => (log += d))
  const baseUrl = `http://127.0.0.1:${port}`
  try {
    await waitFor(`${baseUrl}/readyz`, child, 180)
  } catch (error) {
    console.error(log.slice(-4000))
    throw error
  }
  const admin = JSON.parse(readFileSync(join(dataDir, 'demo-superuser.json'), 'utf8'))
  const people = await createPeople(baseUrl, admin)
  return {
    baseUrl,
    admin,
    ...people,
    realRunner: image !== null,
    log: () => log,
    async stop() {
      // the whole process group: `up` and the server it started
      try {
        process.kill(-child.pid, 'SIGTERM')
      } catch {
        // already gone
      }
      await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)))
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
