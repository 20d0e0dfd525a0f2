// Accounts in real Chromium: a foreign page's login form (login CSRF) leaves the victim signed out.
import assert from 'node:assert/strict'
import { createServer } from 'node:http'

/** A page on another loopback origin (127.0.0.2) whose form signs in as `attacker` at `baseUrl`:
 * enctype text/plain joins the field name and value with "=" into a JSON-looking body. */
function foreignSite(baseUrl, attacker) {
  const name = `{"email":"${attacker.email}","password":"${attacker.password}","x":"`
  const html = `<!doctype html><title>Gratis klassfoton</title>
<form id="f" method="POST" action="${baseUrl}/api/v1/auth/login" enctype="text/plain">
<input type="hidden" name='${name}' value='"}'></form>
<script>document.getElementById('f').submit()</script>`
  const server = createServer((_, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
    res.end(html)
  })
  return new Promise((ok) => server.listen(0, '127.0.0.2', () => ok(server)))
}

/** A context that may only talk to loopback: every other request is aborted. */
async function loopbackContext(browser) {
  const context = await browser.newContext({ locale: 'sv-SE' })
  await context.route('**/*', (route) => {
    const host = new URL(route.request().url()).hostname
    return /^127\.\d+\.\d+\.\d+$/.test(host) || host === 'localhost' ? route.continue() : route.abort()
  })
  return context
}

export async function accountTests({ test, stack, browser }) {
  await test('a foreign page posting a text/plain login form leaves the victim signed out', async () => {
    const site = await foreignSite(stack.baseUrl, stack.contributor)
    const context = await loopbackContext(browser)
    try {
      const page = await context.newPage()
      const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login'))
      await page.goto(`http://127.0.0.2:${site.address().port}/`)
      const response = await answer
      assert.equal(response.status(), 403, 'the cross-site login is refused')
      assert.equal((await response.json()).code, 'cross_site_request')
      assert.equal(await response.headerValue('set-cookie'), null, 'no session cookie')
      assert.deepEqual(await context.cookies(stack.baseUrl), [], 'the victim has no cookie')
      const me = await page.goto(`${stack.baseUrl}/api/v1/auth/me`)
      assert.equal(me.status(), 401, 'the victim is signed out')
    } finally {
      await context.close()
      site.close()
    }
  })
}
