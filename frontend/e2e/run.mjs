// End-to-end tests in real Chromium against a live stack: `npm run e2e` (after `npm run build`).
// First wave: sign in and see the home page; screenshots and axe-core on each screen visited.
// The runs flows (drop a CSV, run, see the table, download) join when the runs API exists.
import assert from 'node:assert/strict'
import { writeFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { ARTIFACTS, axeViolations, launch, openPage, screenshot } from './browser.mjs'
import { startStack } from './stack.mjs'

const results = []

/** Console errors that count: the home page's catalog and runs calls 404 until those APIs are merged. */
function unexpected(problems) {
  return problems.filter((p) => !/status of 404/.test(p))
}

async function signIn(page, { email, password }) {
  await page.goto(`${stack.baseUrl}/logga-in`)
  await page.getByLabel('E-postadress').fill(email)
  await page.getByLabel('Lösenord').fill(password)
  await page.getByRole('button', { name: 'Logga in' }).click()
  await page.getByRole('heading', { name: /^Hej / }).waitFor()
}

async function test(name, body) {
  const started = Date.now()
  try {
    await body()
    results.push({ name, ok: true, ms: Date.now() - started })
    console.log(`✓ ${name}`)
  } catch (error) {
    results.push({ name, ok: false, ms: Date.now() - started, error: String(error?.stack ?? error) })
    console.log(`✗ ${name}\n  ${String(error?.stack ?? error).split('\n').join('\n  ')}`)
  }
}

function expectAccessible(violations, screen) {
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  assert.deepEqual(serious, [], `axe-core on ${screen}: ${JSON.stringify(serious, null, 2)}`)
}

const stack = await startStack()
const browser = await launch()
try {
  await test('a user signs in and sees the home page', async () => {
    const { page, problems } = await openPage(browser)
    await page.goto(`${stack.baseUrl}/verktyg`)
    // not signed in: the sign-in page, remembering where we were going
    await page.waitForURL(/\/logga-in\?next=(%2F|\/)verktyg$/)
    await page.getByRole('heading', { name: 'Logga in' }).waitFor()
    expectAccessible(await axeViolations(page), 'sign-in')
    await screenshot(page, 'sign-in')

    await page.getByLabel('E-postadress').fill(stack.admin.email)
    await page.getByLabel('Lösenord').fill(stack.admin.password)
    const clicked = Date.now()
    await page.getByRole('button', { name: 'Logga in' }).click()
    await page.waitForURL(`${stack.baseUrl}/verktyg`)
    await page.getByRole('heading', { name: 'Verktyg', level: 1 }).waitFor()
    console.log(`  sign-in click to catalog rendered: ${Date.now() - clicked} ms`)
    await screenshot(page, 'catalog')

    await page.getByRole('link', { name: 'Skriptoteket' }).click()
    await page.getByRole('heading', { name: /^Hej / }).waitFor()
    await page.getByRole('searchbox', { name: 'Sök bland verktygen' }).waitFor()
    expectAccessible(await axeViolations(page), 'home')
    await screenshot(page, 'home')
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
    await page.getByRole('heading', { name: /^Hello / }).waitFor()
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
    assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow} px at 360 px`)
    await screenshot(page, 'home-360-en')
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
    await page.getByLabel('E-postadress').fill('lisa@skola.se')
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
}

mkdirSync(ARTIFACTS, { recursive: true })
writeFileSync(join(ARTIFACTS, 'e2e.json'), JSON.stringify(results, null, 2))
const failed = results.filter((r) => !r.ok).length
console.log(`${results.length - failed} passed, ${failed} failed`)
process.exit(failed ? 1 : 0)
