// End-to-end tests in real Chromium against a live stack: `npm run e2e` (after `npm run build`).
// A teacher finds a tool; a contributor writes one in the editor (a syntax error shown inline on
// save, fixed, submitted); an admin publishes it from the review queue; the teacher finds it.
// Screenshots and axe-core on each main screen; no console errors.
import assert from 'node:assert/strict'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { ARTIFACTS, axeViolations, CHROMIUM, launch, openPage, screenshot } from './browser.mjs'
import { accountTests } from './accounts.mjs'
import { adminTests } from './admin.mjs'
import { teacherTests } from './teacher.mjs'
import { SSO_ACCOUNT, startOidcProvider } from './oidc.mjs'
import { freePort, IN_CI, startStack } from './stack.mjs'

if (!existsSync(CHROMIUM)) {
  // CI must run these tests: a missing browser fails there, and only warns on a developer's machine.
  const message = `no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`
  if (IN_CI) {
    console.error(`CI=true: ${message}`)
    process.exit(1)
  }
  console.warn(`skipping the end-to-end tests: ${message}`)
  process.exit(0)
}

const results = []
const figures = {}

/** Console errors that count: all but a refusal the flow provokes on purpose (Chromium logs every 4xx). */
function unexpected(problems, expected = null) {
  return problems.filter((p) => !(expected && expected.test(p)))
}

const BANK = resolve(import.meta.dirname, '..', '..', 'backend', 'script_bank')

/** Drop files on a FileDrop zone the way a browser does: a `drop` event carrying a DataTransfer. */
async function dropFiles(page, zone, files) {
  const payload = files.map((f) => ({ name: f.name, type: f.type, bytes: [...readFileSync(f.path)] }))
  await zone.evaluate((element, list) => {
    const transfer = new DataTransfer()
    for (const f of list) transfer.items.add(new File([new Uint8Array(f.bytes)], f.name, { type: f.type }))
    element.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }))
  }, payload)
}

async function signIn(page, { email, password }) {
  await page.goto(`${stack.baseUrl}/logga-in`)
  await page.getByLabel('E-postadress').fill(email)
  await page.getByLabel('Lösenord').fill(password)
  await page.getByRole('button', { name: 'Logga in' }).click()
  await page.getByRole('heading', { name: /^Hej / }).waitFor()
}

async function test(name, body) {
  // E2E_ONLY=words runs only the tests whose name contains them (a quicker loop while working)
  if (process.env.E2E_ONLY && !process.env.E2E_ONLY.split('|').some((part) => name.includes(part))) return
  const started = Date.now()
  try {
    await body()
    results.push({ name, ok: true, ms: Date.now() - started })
    console.log(`✓ ${name} (${Date.now() - started} ms)`)
  } catch (error) {
    results.push({ name, ok: false, ms: Date.now() - started, error: String(error?.stack ?? error) })
    console.log(`✗ ${name}\n  ${String(error?.stack ?? error).split('\n').join('\n  ')}`)
  }
}

function expectAccessible(violations, screen) {
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  assert.deepEqual(serious, [], `axe-core on ${screen}: ${JSON.stringify(serious, null, 2)}`)
}

/** A main screen: checked with axe-core, then photographed. */
async function screen(page, name) {
  expectAccessible(await axeViolations(page), name)
  await screenshot(page, name)
}

/** Replace a CodeMirror editor's whole text (raw insert: no auto-indent or bracket closing). */
async function setCode(page, code) {
  const editor = page.locator('.cm-content').first()
  await editor.click()
  await page.keyboard.press('ControlOrMeta+a')
  await page.keyboard.press('Delete')
  await page.keyboard.insertText(code)
}

// The OpenID provider must know the app's callback URL, and the app the provider's issuer.
const appPort = await freePort()
const provider = await startOidcProvider({ port: await freePort(), appPort })
const stack = await startStack({ port: appPort, settings: provider.env })
const browser = await launch()
const TOOL = { slug: 'klasslista-e2e', title: 'Klasslista för mentorer', summary: 'Hälsar på klassen.' }
const TOOL_TOML = `contract = 1
entrypoint = "main.py:run"
usage = "Hälsar på klassen och delar den i grupper."

[[inputs]]
kind = "string"
name = "klass"
label = "Klass"
required = true

[[settings]]
kind = "string"
name = "signatur"
label = "Din signatur"
`
const TOOL_MAIN = `from skriptoteket_toolkit import action, integer_field, notice, replace_state, result


def run(ctx):
    if ctx.action is not None:
        print("delar klassen")
        return result(notice(f"{ctx.state['klass']} delas i {ctx.action.input['antal']} grupper.", level="info"))
    klass = ctx.inputs["klass"]
    return result(
        notice(f"Hej {klass}! {ctx.settings.get('signatur', '')}".strip(), level="success"),
        actions=[action("dela", "Dela i grupper", fields=[integer_field("antal", "Antal grupper", required=True, min=2)], primary=True)],
        state=replace_state({"klass": klass}),
    )
`
try {
  await test('a teacher signs in, finds Namnlista by searching and opens it', async () => {
    const { page, problems } = await openPage(browser)
    await page.goto(`${stack.baseUrl}/verktyg`)
    // not signed in: the sign-in page, remembering where we were going
    await page.waitForURL(/\/logga-in\?next=(%2F|\/)verktyg$/)
    await page.getByRole('heading', { name: 'Logga in' }).waitFor()
    await screen(page, 'sign-in')

    await page.getByLabel('E-postadress').fill(stack.teacher.email)
    await page.getByLabel('Lösenord').fill(stack.teacher.password)
    const clicked = Date.now()
    await page.getByRole('button', { name: 'Logga in' }).click()
    await page.waitForURL(`${stack.baseUrl}/verktyg`)
    await page.getByRole('heading', { name: 'Verktyg', level: 1 }).waitFor()
    await page.getByRole('link', { name: 'Namnlista' }).waitFor()
    figures.signInToCatalogMs = Date.now() - clicked
    console.log(`  sign-in click to catalog rendered: ${figures.signInToCatalogMs} ms`)
    await screen(page, 'catalog')

    await page.getByLabel('Sök verktyg').fill('namn')
    await page.waitForURL(/q=namn/)
    await page.getByRole('link', { name: 'Namnlista' }).click()
    await page.waitForURL(`${stack.baseUrl}/verktyg/namnlista`)
    await page.getByRole('heading', { name: 'Namnlista', level: 1 }).waitFor()
    await screen(page, 'tool')
    assert.deepEqual(unexpected(problems), [], 'console errors')
  })

  await test('the SPA runs under its Content-Security-Policy with no violation', async () => {
    const { page, problems } = await openPage(browser, { enforceCsp: true })
    await signIn(page, stack.teacher)
    for (const path of ['/', '/verktyg', '/verktyg/namnlista', '/korningar', '/konto', '/forslag']) {
      await page.goto(`${stack.baseUrl}${path}`)
      await page.getByRole('heading', { level: 1 }).first().waitFor()
    }
    const violations = problems.filter((p) => /Content Security Policy|Refused to/.test(p))
    assert.deepEqual(violations, [], 'CSP violations')
    assert.deepEqual(unexpected(problems), [], 'console errors')
  })

  await test('the teacher drops a CSV on Namnlista, runs it live, sees the table and downloads the list', async () => {
    assert.ok(stack.realRunner, 'the real runner is needed to run tools (a container engine with the runner image)')
    const { page, problems } = await openPage(browser)
    const streams = []
    page.on('request', (r) => /\/api\/v1\/runs\/[^/]+\/events$/.test(r.url().split('?')[0]) && streams.push(r.url()))
    await signIn(page, stack.teacher)
    await page.goto(`${stack.baseUrl}/verktyg/namnlista`)
    await dropFiles(page, page.getByTestId('dropzone'), [
      { name: 'namn.csv', type: 'text/csv', path: join(BANK, 'namnlista', 'examples', 'en-kolumn-cp1252', 'namn.csv') },
    ])
    await page.getByRole('list', { name: 'Valda filer' }).getByText('namn.csv').waitFor()
    await page.getByLabel('Sortera efter efternamn').check()
    const started = Date.now()
    await page.getByRole('button', { name: 'Kör', exact: true }).click()
    await page.getByText(/^Klar på/).waitFor({ timeout: 60_000 })
    figures.runToResultMs = Date.now() - started
    assert.ok(streams.length >= 1, 'the status came over Server-Sent Events')
    // the cleaned list: ÅSA ÖBERG written properly, "Söderberg, Oskar" turned round
    const table = page.getByRole('table').filter({ has: page.getByRole('cell', { name: /Öberg/ }) }).first()
    await table.waitFor()
    await table.getByRole('cell', { name: /Oskar/ }).first().waitFor()
    assert.ok((await table.getByRole('row').count()) >= 3, 'the table has a header and rows')
    const overflow = await page.evaluate(() => {
      const width = document.documentElement.clientWidth
      const wide = [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > width + 1)
      const name = (e) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')}`
      return { px: document.documentElement.scrollWidth - width, first: wide.slice(0, 4).map(name) }
    })
    assert.ok(overflow.px <= 0, `the wide result scrolls in its column, not the page: ${JSON.stringify(overflow)}`)
    await screen(page, 'tool-result')

    const downloading = page.waitForEvent('download')
    await page.getByRole('link', { name: 'Ladda ned' }).first().click()
    const download = await downloading
    assert.match(download.suggestedFilename(), /^namnlista\.(csv|xlsx)$/)
    const saved = join(ARTIFACTS, `download-${download.suggestedFilename()}`)
    await download.saveAs(saved)
    assert.ok(readFileSync(saved).length > 20, 'the downloaded file has content')

    // the run is in "my runs", and its page replays the stored result
    await page.goto(`${stack.baseUrl}/korningar`)
    await page.getByRole('link', { name: 'Namnlista' }).first().waitFor()
    await screen(page, 'runs')
    await page.getByRole('link', { name: 'Namnlista' }).first().click()
    await page.getByRole('table').first().waitFor()
    await screen(page, 'run')
    assert.deepEqual(unexpected(problems), [], 'console errors')
  })

  await test('a contributor creates a tool, gives it a category, writes and tests a two-step tool with a setting, comes back to the autosaved text, submits', async () => {
    const { page, problems } = await openPage(browser)
    await signIn(page, stack.contributor)
    await page.goto(`${stack.baseUrl}/mina-verktyg`)
    await page.getByText('Nytt verktyg').click()
    await page.getByLabel('Titel').fill(TOOL.title)
    // the slug is suggested from the title
    assert.equal(await page.getByLabel('Adress (slug)').inputValue(), 'klasslista-for-mentorer')
    await page.getByLabel('Adress (slug)').fill(TOOL.slug)
    await page.getByLabel('Kort beskrivning').fill(TOOL.summary)
    await page.getByRole('button', { name: 'Skapa verktyg' }).click()
    await page.waitForURL(`${stack.baseUrl}/mina-verktyg/${TOOL.slug}`)

    // the tool's settings page: a category
    await page.getByRole('link', { name: 'Inställningar för verktyget' }).click()
    await page.getByRole('heading', { name: `Inställningar för ${TOOL.title}` }).waitFor()
    await page.getByLabel('Kommunikation').check()
    await page.getByRole('button', { name: 'Spara', exact: true }).click()
    await page.getByTestId('facts-note').filter({ hasText: 'Sparat.' }).waitFor()
    await screen(page, 'tool-settings')
    await page.getByRole('link', { name: 'Till redigeraren' }).click()
    await page.locator('.cm-content').first().waitFor()

    // the manifest as tool.toml: an input and a settings field
    await page.getByRole('tab', { name: 'tool.toml' }).first().click()
    await setCode(page, TOOL_TOML)
    await page.getByRole('tab', { name: 'main.py' }).click()
    await setCode(page, TOOL_MAIN.replace('def run(ctx):', 'def run(ctx)'))
    await page.getByLabel('Vad har du ändrat?').fill('Hälsning till klassen')
    await page.getByRole('button', { name: 'Spara version' }).click()
    const syntax = page.getByTestId('syntax-error')
    await syntax.waitFor()
    assert.match(await syntax.textContent(), /Syntaxfel i main\.py, rad \d+, kolumn \d+/)
    await page.locator('.cm-lintRange-error').first().waitFor()
    await screen(page, 'editor-syntax-error')
    await setCode(page, TOOL_MAIN)

    // the sandbox: a setting to try, the first step, then the action with the state shown
    assert.ok(stack.realRunner, 'the real runner is needed for sandbox runs')
    const sandbox = page.locator('section', { has: page.getByRole('heading', { name: 'Provkör', level: 2 }) })
    await sandbox.getByLabel('Din signatur').fill('/Anna')
    await sandbox.getByLabel(/^Klass\b/).fill('7A')
    const clicked = Date.now()
    await sandbox.getByRole('button', { name: 'Provkör' }).click()
    await sandbox.getByText('Hej 7A! /Anna').waitFor({ timeout: 60_000 })
    figures.sandboxRunMs = Date.now() - clicked
    await sandbox.getByTestId('sandbox-state').filter({ hasText: '"klass": "7A"' }).waitFor()
    await sandbox.getByLabel(/^Antal grupper/).fill('3')
    await sandbox.getByRole('button', { name: 'Dela i grupper' }).click()
    await sandbox.getByText('7A delas i 3 grupper.').waitFor({ timeout: 60_000 })
    await sandbox.getByTestId('sandbox-step-1').getByText('Loggar').click()
    await sandbox.getByText('delar klassen').waitFor()
    await screen(page, 'editor-sandbox')

    // leave and come back: the autosaved text is there
    await page.getByRole('link', { name: 'Mina verktyg' }).click()
    await page.getByRole('heading', { name: 'Mina verktyg', level: 1 }).waitFor()
    await page.goto(`${stack.baseUrl}/mina-verktyg/${TOOL.slug}`)
    await page.getByTestId('restored').waitFor()
    await page.locator('.cm-content').first().getByText('delar klassen').waitFor()

    // two examples, saved with the version: one the tool meets, one it does not
    const examples = page.locator('section', { has: page.getByRole('heading', { name: 'Exemplen', level: 2 }) })
    await examples.getByText('Lägg till ett exempel').click()
    for (const [name, expected] of [
      ['klass-7a', '{"status": "succeeded", "artifacts": []}'],
      ['fel-forvantan', '{"status": "failed", "error_code": "user_error", "message_contains": "finns inte"}'],
    ]) {
      await examples.getByLabel(/^Exemplets namn/).fill(name)
      await examples.getByLabel(/^inputs\.json/).fill('{"klass": "7A"}')
      await examples.getByLabel(/^expected\.json/).fill(expected)
      await examples.getByRole('button', { name: 'Lägg till exemplet' }).click()
    }
    await examples.getByTestId('examples-pending').filter({ hasText: 'klass-7a, fel-forvantan' }).waitFor()

    await page.getByLabel('Vad har du ändrat?').fill('Hälsning till klassen')
    await page.getByRole('button', { name: 'Spara version' }).click()
    await page.getByText('Sparad som version 1.').waitFor()
    assert.equal(await syntax.count(), 0, 'the syntax error is gone once fixed')
    await page.getByRole('button', { name: /Skicka till granskning/ }).click()
    await page.getByText('Version 1 är skickad till granskning.').waitFor()
    await screen(page, 'editor')
    assert.deepEqual(unexpected(problems, /status of 422/), [], 'console errors')
  })

  await test('an admin runs its examples in the review and publishes it, with the diff shown', async () => {
    const { page, problems } = await openPage(browser)
    await signIn(page, stack.admin)
    await page.goto(`${stack.baseUrl}/granskning`)
    const item = page.locator('article', { has: page.getByRole('heading', { name: `${TOOL.title} — v1` }) })
    await item.waitFor()
    await item.getByText('Hälsning till klassen').waitFor()
    // the diff: every line of the new main.py is an addition
    await item.locator('.diff__path', { hasText: 'main.py' }).waitFor()
    assert.ok((await item.locator('.diff--added').count()) >= 3, 'added lines are shown')
    // the examples run in the sandbox on the submitted version: pass and fail per example
    await item.getByRole('button', { name: 'Kör exemplen' }).click()
    await item.locator('[data-testid="example-klass-7a-1"][data-met="true"]').waitFor({ timeout: 90_000 })
    await item.locator('[data-testid="example-fel-forvantan-1"][data-met="false"]').waitFor({ timeout: 90_000 })
    await item.getByTestId('example-summary-1').filter({ hasText: '1 av 2 godkända' }).waitFor()
    await screen(page, 'review')
    await item.getByRole('button', { name: 'Publicera' }).click()
    await page.getByText('Publicerad.').waitFor()
    assert.deepEqual(unexpected(problems), [], 'console errors')
  })

  await test('the teacher then finds the new tool under its category', async () => {
    const { page, problems } = await openPage(browser)
    await signIn(page, stack.teacher)
    await page.goto(`${stack.baseUrl}/verktyg`)
    await page.getByLabel('Kategori').selectOption('kommunikation')
    await page.waitForURL(/category=kommunikation/)
    await page.getByRole('link', { name: TOOL.title }).click()
    await page.getByRole('heading', { name: TOOL.title, level: 1 }).waitFor()
    assert.deepEqual(unexpected(problems), [], 'console errors')
  })

  await test('the home page works at 360 px and in English', async () => {
    const { page } = await openPage(browser, { width: 360, height: 740 })
    await page.goto(`${stack.baseUrl}/logga-in`)
    await page.getByLabel('Språk').selectOption('en')
    await page.getByRole('heading', { name: 'Sign in' }).waitFor()
    await page.getByLabel('Email address').fill(stack.admin.email)
    await page.getByLabel('Password').fill(stack.admin.password)
    await page.getByRole('button', { name: 'Sign in' }).click()
    // the profile's language (Swedish) wins at sign-in; choosing English in the header sets it
    await page.getByRole('heading', { name: /^Hej / }).waitFor()
    const saved = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/me') && r.request().method() === 'PATCH')
    await page.getByLabel('Språk').selectOption('en')
    await page.getByRole('heading', { name: /^Hello / }).waitFor()
    await saved
    await page.reload() // English is fetched on demand, before the first screen is drawn
    await page.getByRole('heading', { name: /^Hello / }).waitFor()
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
    assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow} px at 360 px`)
    await screenshot(page, 'home-360-en')
    // the admin's profile back to Swedish for the flows after this one
    const back = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/me') && r.request().method() === 'PATCH')
    await page.getByLabel('Language').selectOption('sv')
    await back
  })

  await test('a personal access token is shown once, then listed by name', async () => {
    const { page, problems } = await openPage(browser)
    await signIn(page, stack.admin)
    await page.goto(`${stack.baseUrl}/konto`)
    await page.getByLabel('Namn på nyckeln').fill('Schemasystemet')
    await page.getByRole('button', { name: 'Skapa nyckel' }).click()
    const secret = await page.getByTestId('token-secret').textContent()
    assert.ok(secret && secret.length >= 20, `a secret is shown: ${secret}`)
    // the secret works as a bearer token against the API
    const me = await fetch(`${stack.baseUrl}/api/v1/auth/me`, { headers: { Authorization: `Bearer ${secret}` } })
    assert.equal(me.status, 200)
    expectAccessible(await axeViolations(page), 'account')
    await screenshot(page, 'account')
    await page.reload()
    await page.getByRole('cell', { name: 'Schemasystemet' }).waitFor()
    assert.equal(await page.getByTestId('token-secret').count(), 0, 'the secret is gone after a reload')
    assert.deepEqual(unexpected(problems), [], 'console errors')
  })

  await test('an admin creates a teacher, who signs in and cannot reach admin pages', async () => {
    const { page } = await openPage(browser)
    await signIn(page, stack.admin)
    await page.goto(`${stack.baseUrl}/admin/anvandare`)
    await page.getByText('Skapa användare').first().click()
    await page.getByLabel('Namn', { exact: true }).fill('Lärare Lisa')
    await page.getByLabel('E-postadress', { exact: true }).fill('lisa@skola.se')
    await page.getByLabel('Startlösenord').fill('ett-langt-losenord')
    await page.getByRole('button', { name: 'Skapa användare' }).click()
    await page.getByText('Användaren är skapad.').waitFor()
    await page.getByRole('cell', { name: 'lisa@skola.se' }).waitFor()
    expectAccessible(await axeViolations(page), 'users')
    await screenshot(page, 'admin-users')

    const teacher = await openPage(browser)
    await signIn(teacher.page, { email: 'lisa@skola.se', password: 'ett-langt-losenord' })
    await teacher.page.getByRole('heading', { name: 'Hej Lärare Lisa!' }).waitFor()
    await teacher.page.goto(`${stack.baseUrl}/admin/logg`)
    await teacher.page.getByTestId('forbidden').getByText('Sidan kräver rollen administratör').waitFor()
    await screenshot(teacher.page, 'forbidden')
  })

  await accountTests({ test, stack, browser })
  await teacherTests({ test, stack, browser, signIn, unexpected })

  await adminTests({ test, stack, browser, signIn })

  await test('a teacher signs in with the school account (OpenID Connect) and lands in the catalog', async () => {
    const { page, problems, aborted } = await openPage(browser)
    await page.goto(`${stack.baseUrl}/verktyg`)
    await page.waitForURL(/\/logga-in\?next=(%2F|\/)verktyg$/)
    const clicked = Date.now()
    await page.getByRole('link', { name: 'Logga in med Skolkontot' }).click()
    // the provider's own (development) pages: any password, then consent
    await page.waitForURL((url) => url.href.startsWith(provider.issuer))
    await page.locator('input[name="login"]').fill(SSO_ACCOUNT.login)
    await page.locator('input[name="password"]').fill('vilket lösenord som helst')
    await page.getByRole('button', { name: 'Sign-in' }).click()
    await page.getByRole('button', { name: 'Continue' }).click()
    await page.waitForURL(`${stack.baseUrl}/verktyg`)
    await page.getByRole('heading', { name: 'Verktyg', level: 1 }).waitFor()
    figures.ssoClickToCatalogMs = Date.now() - clicked
    console.log(`  SSO click to catalog rendered: ${figures.ssoClickToCatalogMs} ms`)
    const me = await page.evaluate(async () => (await fetch('/api/v1/auth/me')).json())
    assert.equal(me.user.email, SSO_ACCOUNT.email)
    assert.equal(me.user.role, 'contributor', 'the role mapped from the group claim')
    await screen(page, 'catalog-after-sso')
    assert.ok(aborted.some((url) => url.includes('fonts.googleapis.com')), `the provider's web font was blocked: ${aborted}`)
    assert.deepEqual(unexpected(problems, /ERR_BLOCKED_BY_CLIENT|ERR_FAILED|fonts\.googleapis/), [], 'console errors')

    // a callback that no sign-in of this browser started: an error in Swedish, nobody signed in
    const other = await openPage(browser)
    await other.page.goto(`${stack.baseUrl}/api/v1/auth/oidc/skola/callback?code=stulen&state=okand`)
    await other.page.waitForURL(/\/logga-in\?sso_error=invalid_state$/)
    await other.page.getByRole('alert').getByText('Inloggningen hann gå ut eller startades i en annan webbläsare.').waitFor()
    await screen(other.page, 'sign-in-sso-error')
    const status = await other.page.evaluate(async () => (await fetch('/api/v1/auth/me')).status)
    assert.equal(status, 401)
  })

  await test('an admin requires the school account for a domain; a password there is refused in Swedish', async () => {
    const { page, problems } = await openPage(browser)
    await signIn(page, stack.admin)
    await page.goto(`${stack.baseUrl}/admin/anvandare`)
    await page.getByText('Domäner som loggar in med skolkonto').click()
    await page.getByLabel('Domän', { exact: true }).fill('skola.test')
    await page.getByRole('button', { name: 'Kräv skolkonto' }).click()
    await page.getByText('skola.test loggar nu in med Skolkontot.').waitFor()
    expectAccessible(await axeViolations(page), 'sso-domains')
    await screenshot(page, 'admin-sso-domains')

    const other = await openPage(browser)
    await other.page.goto(`${stack.baseUrl}/logga-in`)
    await other.page.getByLabel('E-postadress').fill(SSO_ACCOUNT.email)
    await other.page.getByLabel('Lösenord').fill('ett-gissat-losenord')
    await other.page.getByRole('button', { name: 'Logga in', exact: true }).click()
    await other.page.getByRole('alert').getByText('Konton på den här domänen loggar in med skolans inloggning.').waitFor()

    await page.getByRole('button', { name: 'Tillåt lösenord igen skola.test' }).click()
    await page.getByText('skola.test kan logga in med lösenord igen.').waitFor()
    assert.deepEqual(unexpected(problems), [], 'console errors')
  })

  await test('an unknown address is a real page-not-found', async () => {
    const { page } = await openPage(browser)
    await page.goto(`${stack.baseUrl}/finns-inte`)
    await page.getByRole('heading', { name: 'Sidan finns inte' }).waitFor()
    expectAccessible(await axeViolations(page), 'not-found')
    await screenshot(page, 'not-found')
  })
} finally {
  await browser.close()
  await stack.stop()
  provider.stop()
}

mkdirSync(ARTIFACTS, { recursive: true })
writeFileSync(join(ARTIFACTS, 'e2e.json'), JSON.stringify({ results, figures }, null, 2))
const failed = results.filter((r) => !r.ok).length
console.log(`${results.length - failed} passed, ${failed} failed`)
process.exit(failed ? 1 : 0)
