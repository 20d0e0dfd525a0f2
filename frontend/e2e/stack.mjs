// Start the whole stack for end-to-end tests: `skriptoteket up` (embedded PostgreSQL, migrations,
// the demo superuser, the API serving the built SPA) in a throwaway data directory and port.
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const REPO = resolve(import.meta.dirname, '..', '..')

function freePort() {
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

export async function startStack() {
  const dataDir = mkdtempSync(join(tmpdir(), 'skriptoteket-e2e-'))
  const port = await freePort()
  const env = { ...process.env, SKRIPTOTEKET_DATA_DIR: dataDir, SKRIPTOTEKET_PORT: String(port), SKRIPTOTEKET_LOG_LEVEL: 'WARNING' }
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
  return {
    baseUrl,
    admin,
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
