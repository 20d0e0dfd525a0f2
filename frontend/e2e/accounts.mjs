// Accounts in real Chromium: a foreign page's login form (login CSRF) leaves the victim signed out.
import assert from 'node:assert/strict'
import { createServer } from 'node:http'

/** A page on another origin (another port of 127.0.0.1: Chromium here resolves nothing else) whose form signs in as `attacker` at `baseUrl`:
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
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)))
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

/** Sign in over the API (no browser): the cookie header and the CSRF token. */
async function apiSignIn(baseUrl, email, password) {
  const response = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }),
  })
  const cookie = response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ')
  return { status: response.status, cookie, csrf: response.ok ? (await response.json()).csrf_token : null }
}

export async function accountTests({ test, stack, browser }) {
  await test('an admin hands over a reset link; it sets a new password once', async () => {
    const person = { email: 'aterstall@skola.se', display_name: 'Glömska Greta', role: 'user', password: 'gammalt-losenord-1' }
    const admin = await apiSignIn(stack.baseUrl, stack.admin.email, stack.admin.password)
    const created = await fetch(`${stack.baseUrl}/api/v1/users`, {
      method: 'POST',
      headers: { Cookie: admin.cookie, 'X-CSRF-Token': admin.csrf, 'Content-Type': 'application/json' },
      body: JSON.stringify(person),
    })
    assert.equal(created.status, 201)

    const office = await loopbackContext(browser)
    const visitor = await loopbackContext(browser)
    try {
      const page = await office.newPage()
      await page.goto(`${stack.baseUrl}/logga-in`)
      await page.getByLabel('E-postadress').fill(stack.admin.email)
      await page.getByLabel('Lösenord').fill(stack.admin.password)
      await page.getByRole('button', { name: 'Logga in' }).click()
      await page.getByRole('heading', { name: /^Hej / }).waitFor()
      await page.goto(`${stack.baseUrl}/admin/anvandare`)
      await page.getByLabel('Sök användare').fill('aterstall')
      await page.getByRole('button', { name: 'Skicka återställningslänk Glömska Greta' }).click()
      const url = (await page.getByTestId('reset-link').locator('code').textContent()).trim()
      assert.match(url, /\/aterstall-losenord\?token=[\w-]{20,}$/)

      const greta = await visitor.newPage()
      await greta.goto(url)
      await greta.getByRole('heading', { name: 'Välj ett nytt lösenord' }).waitFor()
      await greta.getByLabel('Nytt lösenord').fill('nytt-losenord-for-greta')
      await greta.getByLabel('Upprepa lösenordet').fill('nytt-losenord-for-greta')
      await greta.getByRole('button', { name: 'Spara lösenordet' }).click()
      await greta.getByText('Lösenordet är bytt. Logga in med det nya.').waitFor()

      await greta.goto(url) // the same link again
      await greta.getByLabel('Nytt lösenord').fill('ett-tredje-losenord')
      await greta.getByLabel('Upprepa lösenordet').fill('ett-tredje-losenord')
      await greta.getByRole('button', { name: 'Spara lösenordet' }).click()
      await greta.getByText('Länken är ogiltig, redan använd eller för gammal.', { exact: false }).waitFor()

      assert.equal((await apiSignIn(stack.baseUrl, person.email, person.password)).status, 401)
      assert.equal((await apiSignIn(stack.baseUrl, person.email, 'nytt-losenord-for-greta')).status, 200)
    } finally {
      await office.close()
      await visitor.close()
    }
  })

  await test('an invitee opens the link, chooses a name and password, and lands signed in; the link works once', async () => {
    const admin = await apiSignIn(stack.baseUrl, stack.admin.email, stack.admin.password)
    const invited = await fetch(`${stack.baseUrl}/api/v1/invitations`, {
      method: 'POST',
      headers: { Cookie: admin.cookie, 'X-CSRF-Token': admin.csrf, 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'inbjuden@skola.se', role: 'contributor' }),
    })
    assert.equal(invited.status, 201)
    const url = new URL((await invited.json()).url)
    assert.equal(url.pathname, '/inbjudan')
    const link = `${stack.baseUrl}${url.pathname}${url.search}`
    const context = await loopbackContext(browser)
    try {
      const page = await context.newPage()
      await page.goto(link)
      await page.getByRole('heading', { name: 'Välkommen till Skriptoteket' }).waitFor()
      await page.getByLabel('Ditt namn').fill('Inbjudna Ingrid')
      await page.getByLabel('Nytt lösenord').fill('ingrids-eget-losenord')
      await page.getByLabel('Upprepa lösenordet').fill('ingrids-eget-losenord')
      await page.getByRole('button', { name: 'Skapa kontot' }).click()
      await page.waitForURL(/\/verktyg$/)
      const me = await page.evaluate(async () => (await fetch('/api/v1/auth/me')).json())
      assert.equal(me.user.display_name, 'Inbjudna Ingrid')
      assert.equal(me.user.role, 'contributor')

      const again = await (await loopbackContext(browser)).newPage()
      await again.goto(link)
      await again.getByLabel('Ditt namn').fill('Någon annan')
      await again.getByLabel('Nytt lösenord').fill('ett-annat-losenord')
      await again.getByLabel('Upprepa lösenordet').fill('ett-annat-losenord')
      await again.getByRole('button', { name: 'Skapa kontot' }).click()
      await again.getByText('Inbjudan är ogiltig, redan använd', { exact: false }).waitFor()
      await again.context().close()
    } finally {
      await context.close()
    }
  })

  await test('a foreign page posting a text/plain login form leaves the victim signed out', async () => {
    const site = await foreignSite(stack.baseUrl, stack.contributor)
    const context = await loopbackContext(browser)
    try {
      const page = await context.newPage()
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login')),
        page.goto(`http://127.0.0.1:${site.address().port}/`),
      ])
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
