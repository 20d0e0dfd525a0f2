// The teacher's tool page (issue 18): a multi-step session survives a reload and goes on to its
// end; a table result copies as tab-separated text that pastes into columns; sample data and
// a template per file field; the run history continues a session. The home page starts from
// the most used tools, and a search without hits offers to suggest the tool.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ARTIFACTS, openPage, screenshot } from './browser.mjs'

const settled = { timeout: 90_000 }

export async function teacherTests({ test, stack, browser, signIn, unexpected }) {
  await test('Gruppgenerator: sample data, a reload mid-session, and on to the Word file', async () => {
    assert.ok(stack.realRunner, 'the real runner is needed to run tools')
    const { page, problems } = await openPage(browser)
    await signIn(page, stack.teacher)
    await page.goto(`${stack.baseUrl}/verktyg/gruppgenerator`)
    const examples = page.getByTestId('examples')
    await examples.getByRole('button', { name: 'Prova med exempeldata' }).first().click()
    await page.getByRole('list', { name: 'Valda filer' }).getByText('klasslista.csv').waitFor()
    // the template is the example's own file
    const downloading = page.waitForEvent('download')
    await examples.getByRole('link', { name: /Ladda ner mall/ }).first().click()
    assert.equal((await downloading).suggestedFilename(), 'klasslista.csv')

    await page.getByRole('button', { name: 'Kör', exact: true }).click()
    await page.waitForURL(/\?session=[0-9a-f-]{36}$/)
    await page.getByRole('button', { name: 'Håll isär två elever' }).waitFor(settled)
    await page.getByTestId('announcement').getByText(/Körningen har avslutats/).waitFor()
    await page.locator('#action-hall_isar-elev_a').selectOption({ label: 'Åsa Öberg' })
    await page.locator('#action-hall_isar-elev_b').selectOption({ label: 'Örjan Åkesson' })
    await page.getByRole('button', { name: 'Håll isär två elever' }).click()
    await page.getByRole('listitem').filter({ hasText: /^Håll isär två elever — klar$/ }).waitFor(settled)

    // A reload (and later back/forward) resumes the session at its latest step.
    const address = page.url()
    await page.reload()
    await page.getByRole('button', { name: 'Håll ihop två elever' }).waitFor(settled)
    assert.equal(page.url(), address)
    await page.getByRole('listitem').filter({ hasText: /^Steg 2 — klar$/ }).waitFor()
    await page.locator('#action-hall_ihop-elev_a').selectOption({ label: 'Liam Ali' })
    await page.locator('#action-hall_ihop-elev_b').selectOption({ label: 'Ebba Lundgren' })
    await page.getByRole('button', { name: 'Håll ihop två elever' }).click()
    await page.getByRole('listitem').filter({ hasText: /^Håll ihop två elever — klar$/ }).waitFor(settled)
    await page.getByRole('button', { name: 'Slumpa nya grupper' }).click()
    await page.getByRole('listitem').filter({ hasText: /^Slumpa nya grupper — klar$/ }).waitFor(settled)
    await page.getByLabel('Rubrik').fill('Grupper 7B – laborationen')
    await page.getByRole('button', { name: /Exportera/ }).click()
    await page.getByText(/^grupper\.docx ·/).waitFor(settled)
    await screenshot(page, 'tool-session-end')

    // The run history lists the session with its steps and continues it.
    await page.goto(`${stack.baseUrl}/korningar`)
    const row = page.getByTestId('run-session').filter({ hasText: 'Gruppgenerator' }).first()
    await row.getByRole('listitem').nth(4).waitFor()
    await row.getByRole('link', { name: /Fortsätt|Kör igen/ }).click()
    await page.waitForURL(address)
    await page.getByRole('heading', { name: 'Resultat' }).waitFor(settled)

    // Someone else's (or no) session: words, not a blank page.
    await page.goto(`${stack.baseUrl}/verktyg/gruppgenerator?session=00000000-0000-4000-8000-000000000000`)
    await page.getByTestId('session-problem').getByText('tillhör den någon annan').waitFor()
    await page.getByRole('button', { name: 'Börja om' }).click()
    await page.waitForURL(`${stack.baseUrl}/verktyg/gruppgenerator`)
    assert.deepEqual(unexpected(problems, /404|Not Found/), [], 'console errors')
  })

  await test('a table result copies as tab-separated text that pastes into columns, and downloads as Excel', async () => {
    const { page, problems } = await openPage(browser)
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.baseUrl })
    await signIn(page, stack.teacher)
    await page.goto(`${stack.baseUrl}/verktyg/namnlista`)
    await page.getByTestId('examples').getByRole('button', { name: 'Prova med exempeldata' }).first().click()
    await page.getByRole('list', { name: 'Valda filer' }).getByRole('listitem').first().waitFor()
    await page.getByRole('button', { name: 'Kör', exact: true }).click()
    const copy = page.getByTestId('copy-table').first()
    await copy.waitFor(settled)
    await page.bringToFront() // the clipboard answers only a focused page
    await copy.click()
    const said = page.getByRole('status').filter({ hasText: /kopier/ }).first()
    await said.waitFor()
    assert.match(await said.innerText(), /(rad|rader) kopierade?/)
    // paste it where a spreadsheet would get it: the text is rows of tab-separated cells
    await page.evaluate(() => {
      const area = document.createElement('textarea')
      area.id = 'paste-here'
      area.setAttribute('aria-label', 'Klistra in')
      document.body.append(area)
      area.focus()
    })
    await page.keyboard.press('ControlOrMeta+v')
    const pasted = { value: await page.locator('#paste-here').inputValue(), text: await page.evaluate(() => navigator.clipboard.readText()) }
    const lines = pasted.value.trimEnd().split('\n')
    assert.ok(lines.length >= 2, `a header and rows: ${JSON.stringify(pasted)}`)
    const width = lines[0].split('\t').length
    assert.ok(width >= 2, `columns: ${lines[0]}`)
    assert.ok(lines.every((l) => l.split('\t').length === width), 'every row has every column')
    assert.equal(pasted.value, pasted.text)

    const downloading = page.waitForEvent('download')
    await page.getByTestId('excel-table').first().click()
    const download = await downloading
    assert.match(download.suggestedFilename(), /\.xlsx$/)
    const saved = join(ARTIFACTS, `table-${download.suggestedFilename()}`)
    await download.saveAs(saved)
    assert.deepEqual([...readFileSync(saved).subarray(0, 4)], [0x50, 0x4b, 0x03, 0x04], 'an XLSX is a ZIP')
    assert.deepEqual(unexpected(problems), [], 'console errors')
  })

  await test('home shows the most used tools; a search without hits suggests the tool', async () => {
    const { page, problems } = await openPage(browser)
    await signIn(page, stack.teacher)
    const popular = page.getByTestId('popular')
    // after the runs above Gruppgenerator is in use; alone (E2E_ONLY) the catalog's first tools stand in
    const heading = await popular.getByRole('heading', { level: 2 }).innerText()
    assert.match(heading, /^(Mest använda|Verktyg att börja med)$/)
    if (heading === 'Mest använda' && !process.env.E2E_ONLY) await popular.getByRole('link', { name: 'Gruppgenerator' }).waitFor()
    const first = popular.getByRole('link').first()
    const title = await first.innerText()
    await first.click()
    await page.getByRole('heading', { level: 1, name: title }).waitFor()

    await page.goto(`${stack.baseUrl}/verktyg`)
    await page.getByLabel('Sök verktyg').fill('kanotschema')
    const noHits = page.getByTestId('no-hits')
    await noHits.waitFor()
    await noHits.getByRole('link', { name: 'Föreslå ett verktyg' }).click()
    await page.waitForURL(/\/forslag\?titel=kanotschema$/)
    assert.equal(await page.getByLabel('Vad ska verktyget heta?').inputValue(), 'kanotschema')
    await screenshot(page, 'suggest-from-search')
    assert.deepEqual(unexpected(problems), [], 'console errors')
  })
}
