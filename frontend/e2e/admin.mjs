// Search that forgives, Swedish all the way, and what an admin sees (issue 18 items 4-6), in real
// Chromium. The browser asks for English (locale en-US): the SPA must still be Swedish, API
// messages included, because it sends its own language as Accept-Language.
import assert from 'node:assert/strict'
import { axeViolations, openPage, screenshot } from './browser.mjs'
import { apiSession } from './stack.mjs'

/** Words that are English and not Swedish: none may show in the Swedish UI. */
const ENGLISH = new Set(
  ('the and with your you please error failed failure loading allowed longer took tool tools search ' +
    'settings download upload submit previous page of are was were password users request changes ' +
    'published archived suggestion suggestions queued running cancelled choose sign signed unauthenticated ' +
    'forbidden found invalid missing required conflict too many should could cannot again than which ' +
    'there this that pagination unexpected something wrong server review run runs result results').split(' '),
)

/** The English words in the page's text, labels and placeholders (code, logs and the other
 * language's own name left out: they are data, not interface). */
async function englishOn(page) {
  const words = await page.evaluate(() => {
    const clone = document.body.cloneNode(true)
    clone.querySelectorAll('code, pre, kbd, script, style, [lang="en"]').forEach((e) => e.remove())
    const parts = [clone.textContent ?? '']
    for (const el of document.querySelectorAll('[aria-label], [title], [placeholder], [alt]')) {
      if (el.closest('code, pre, [lang="en"]')) continue
      for (const name of ['aria-label', 'title', 'placeholder', 'alt']) parts.push(el.getAttribute(name) ?? '')
    }
    return parts.join(' ').split(/[^\p{L}\p{N}]+/u)
  })
  return [...new Set(words.filter((w) => ENGLISH.has(w.toLowerCase())))]
}

async function expectSwedish(page, screenName) {
  await page.waitForLoadState('networkidle')
  const found = await englishOn(page)
  assert.deepEqual(found, [], `English on ${screenName} (${page.url()}): ${found.join(', ')}`)
}

/** A tool that sleeps past its one-second timeout, published through the API. */
async function publishSleeper(stack) {
  const contributor = await apiSession(stack.baseUrl, stack.contributor.email, stack.contributor.password)
  const admin = await apiSession(stack.baseUrl, stack.admin.email, stack.admin.password)
  const slug = 'sovande-verktyg'
  let r = await contributor('POST', '/api/v1/tools', {
    slug, title: 'Sovande verktyg', summary: 'Somnar och hinner aldrig klart.', professions: ['larare'], categories: ['analys'],
  })
  assert.equal(r.status, 201, await r.text())
  r = await contributor('POST', `/api/v1/tools/${slug}/versions`, {
    base_version: 0,
    manifest: { contract: 1, entrypoint: 'main.py:run', usage: 'Tryck på Kör.', inputs: [], settings: [], limits: { timeout_s: 1 } },
    files: { 'main.py': 'import time\n\ndef run(ctx):\n    time.sleep(30)\n    return {"outputs": []}\n' },
    change_summary: 'Första versionen',
  })
  assert.equal(r.status, 201, await r.text())
  assert.equal((await contributor('POST', `/api/v1/tools/${slug}/versions/1/submit`)).status, 200)
  r = await admin('POST', `/api/v1/tools/${slug}/versions/1/publish`)
  assert.equal(r.status, 200, await r.text())
  return slug
}

export async function adminTests({ test, stack, browser, signIn }) {
  await test('search forgives: franvaro, omdome and bettyg find their tools; the catalog shows its total', async () => {
    const { page } = await openPage(browser)
    await signIn(page, stack.teacher)
    for (const [q, title] of [['franvaro', 'Frånvarosammanställning'], ['omdome', 'Omdömen per elev'], ['bettyg', 'Betygsstatistik']]) {
      const started = Date.now()
      await page.goto(`${stack.baseUrl}/verktyg?q=${q}`)
      await page.getByRole('heading', { name: title }).first().waitFor()
      console.log(`  ${q} -> ${title}: ${Date.now() - started} ms`)
    }
    await page.goto(`${stack.baseUrl}/verktyg`)
    await page.getByText(/^\d+ verktyg$/).waitFor()
  })

  await test('Swedish all the way: every screen, after a timeout too; an admin sees the failed run with its error', async () => {
    assert.ok(stack.realRunner, 'the real runner is needed to time a run out')
    const slug = await publishSleeper(stack)

    const teacher = await openPage(browser, { locale: 'en-US' })
    await signIn(teacher.page, stack.teacher)
    await teacher.page.goto(`${stack.baseUrl}/verktyg/${slug}`)
    await teacher.page.getByRole('button', { name: 'Kör', exact: true }).click()
    await teacher.page.getByRole('alert').getByText('Körningen tog längre tid än tillåtet.').waitFor({ timeout: 60_000 })
    await expectSwedish(teacher.page, 'the tool page after a timeout')
    await screenshot(teacher.page, 'sv-after-timeout')
    for (const path of ['/', '/verktyg', '/verktyg/namnlista', '/korningar', '/konto', '/forslag', '/finns-inte']) {
      await teacher.page.goto(`${stack.baseUrl}${path}`)
      await expectSwedish(teacher.page, path)
    }
    await teacher.page.goto(`${stack.baseUrl}/korningar`)
    await teacher.page.getByRole('link', { name: 'Sovande verktyg' }).first().click()
    await teacher.page.getByText('Körningen tog längre tid än tillåtet.').waitFor()
    await expectSwedish(teacher.page, 'the timed-out run')

    const admin = await openPage(browser, { locale: 'en-US' })
    await signIn(admin.page, stack.admin)
    for (const path of ['/granskning', '/admin/anvandare', '/admin/logg', '/admin/integritet', '/admin/forslag', '/admin/statistik', '/mina-verktyg']) {
      await admin.page.goto(`${stack.baseUrl}${path}`)
      await expectSwedish(admin.page, path)
    }
    await admin.page.goto(`${stack.baseUrl}/admin/statistik`)
    await admin.page.getByTestId('usage-chart').waitFor()
    await screenshot(admin.page, 'admin-stats')

    await admin.page.goto(`${stack.baseUrl}/admin/korningar`)
    const row = admin.page.getByTestId('all-runs').getByRole('row').filter({ hasText: 'Lärare Lena' }).filter({ hasText: 'Sovande verktyg' }).first()
    await row.getByText('Körningen tog längre tid än tillåtet.').waitFor()
    await expectSwedish(admin.page, '/admin/korningar')
    const serious = (await axeViolations(admin.page)).filter((v) => v.impact === 'serious' || v.impact === 'critical')
    assert.deepEqual(serious, [], `axe-core on all runs: ${JSON.stringify(serious)}`)
    await screenshot(admin.page, 'admin-runs')
    await row.getByRole('link', { name: 'Sovande verktyg' }).click()
    await admin.page.getByRole('alert').getByText('Körningen tog längre tid än tillåtet.').waitFor()
    await admin.page.getByText('Loggar').click() // the logs are the admin's
    await expectSwedish(admin.page, 'the teacher run, as the admin sees it')

    // opening it was audited, and the log names who did it
    await admin.page.goto(`${stack.baseUrl}/admin/logg`)
    await admin.page.getByLabel('Händelse börjar med').fill('run.')
    await admin.page.getByRole('cell', { name: 'run.read' }).first().waitFor()
  })
}
