// Real Chromium from the system (Debian's /usr/bin/chromium) driven by playwright-core, plus
// axe-core for accessibility checks and a screenshot helper writing test artifacts.
import { mkdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, resolve } from 'node:path'
import { chromium } from 'playwright-core'

const require = createRequire(import.meta.url)
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')
export const ARTIFACTS = resolve(import.meta.dirname, '..', 'test-results')

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

// Tests talk to loopback only: Chromium resolves no other name (127.0.0.2 stays reachable: a
// test serves a "foreign site" there), and every page aborts any request to another host (a
// page of the test OpenID provider links a web font, for one).
const isLoopback = (host) => /^127\.\d+\.\d+\.\d+$/.test(host) || host === 'localhost' || host === '[::1]'

export async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE 127.0.0.2',
    ],
  })
}

/** Requests this context aborted because they left the machine, for tests to look at. */
async function keepOnLoopback(context) {
  const aborted = []
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url())
    if (!['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol) || isLoopback(url.hostname)) return route.continue()
    aborted.push(url.href)
    return route.abort('blockedbyclient')
  })
  return aborted
}

/** A page that records console errors and failed requests, so a test can assert there were none. */
export async function openPage(browser, { width = 1280, height = 900, locale = 'sv-SE', enforceCsp = false } = {}) {
  // bypassCSP: axe-core is injected as an inline script, which the app's CSP (rightly) refuses;
  // enforceCsp keeps the policy, for the test that the SPA itself never violates it.
  const context = await browser.newContext({ viewport: { width, height }, locale, bypassCSP: !enforceCsp })
  const aborted = await keepOnLoopback(context)
  const page = await context.newPage()
  const problems = []
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`)
  })
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
  return { page, problems, aborted }
}

export async function screenshot(page, name) {
  mkdirSync(ARTIFACTS, { recursive: true })
  const path = join(ARTIFACTS, `${name}.png`)
  await page.screenshot({ path, fullPage: true })
  return path
}

/** axe-core's violations on the current page (WCAG 2.1 A and AA rules). */
export async function axeViolations(page) {
  await page.addScriptTag({ content: AXE_SOURCE })
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const report = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
    return report.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) }))
  })
  return result
}
