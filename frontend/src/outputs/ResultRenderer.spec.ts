import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Artifact, Output } from '@/api/contract'
import { renderMarkdown } from '@/markdown'
import { mountWithApp } from '@/test/mount'
import ResultRenderer from './ResultRenderer.vue'

const HOSTILE = [
  '<script>window.pwned = 1</script>',
  '<img src=x onerror="window.pwned = 2">',
  '[klicka](javascript:window.pwned=3)',
  '[data](data:text/html;base64,PHNjcmlwdD4=)',
  '<a href="javascript:alert(1)" onclick="alert(1)">a</a>',
  '<iframe src="https://evil.example"></iframe>',
  '![bild](javascript:alert(1))',
].join('\n\n')

function render(outputs: Output[], artifacts: Artifact[] = []) {
  return mountWithApp(ResultRenderer, { props: { outputs, artifacts } })
}

/** Nothing in the element can run code: no scripts, no handlers, no script URLs, no frames. */
function expectInert(root: Element) {
  expect(root.querySelectorAll('script, iframe:not([sandbox]), object, embed, style').length).toBe(0)
  for (const el of Array.from(root.querySelectorAll('*'))) {
    for (const attr of Array.from(el.attributes)) {
      expect(attr.name.startsWith('on'), `${el.tagName} ${attr.name}`).toBe(false)
      if (['href', 'src', 'action', 'formaction', 'xlink:href'].includes(attr.name)) {
        expect(attr.value.trim().toLowerCase()).not.toMatch(/^(javascript|data|vbscript):/)
      }
    }
  }
}

afterEach(() => {
  document.body.innerHTML = ''
  delete (window as unknown as { pwned?: number }).pwned
})

describe('markdown output', () => {
  it('renders markdown as HTML', async () => {
    const wrapper = render([{ kind: 'markdown', markdown: '# Rubrik\n\n**fet** och [länk](https://skolverket.se)' }])
    await vi.waitFor(() => expect(wrapper.find('h1').exists()).toBe(true))
    expect(wrapper.find('h1').text()).toBe('Rubrik')
    expect(wrapper.find('strong').text()).toBe('fet')
    const link = wrapper.find('a')
    expect(link.attributes('href')).toBe('https://skolverket.se')
    expect(link.attributes('rel')).toContain('noopener')
  })

  it('keeps scripts, event handlers and javascript: URLs inert', async () => {
    const wrapper = render([{ kind: 'markdown', markdown: HOSTILE }])
    await vi.waitFor(() => expect(wrapper.find('.prose').text()).not.toBe(''))
    expectInert(wrapper.element)
    expect((window as unknown as { pwned?: number }).pwned).toBeUndefined()
    // raw HTML is shown as text, not parsed
    expect(wrapper.text()).toContain('<script>')
  })

  it('sanitizes even if markdown-it were to emit raw HTML', () => {
    const html = renderMarkdown('<b onmouseover="x()">hej</b> [a](JaVaScRiPt:alert(1))')
    const host = document.createElement('div')
    host.innerHTML = html
    expectInert(host)
  })
})

describe('html output', () => {
  const payload = '<h2>Rapport</h2><script>parent.pwned = 4</script><img src=x onerror="parent.pwned=5"><a href="javascript:parent.pwned=6">x</a>'

  it('is drawn in an iframe with an empty sandbox attribute via srcdoc', () => {
    const wrapper = render([{ kind: 'html', html: payload, height: 200 }])
    const frame = wrapper.find('iframe')
    expect(frame.attributes('sandbox')).toBe('')
    expect(frame.attributes('src')).toBeUndefined()
    expect(frame.attributes('srcdoc')).toContain('<h2>Rapport</h2>')
    expect(frame.attributes('srcdoc')).toContain("default-src 'none'")
    expect(frame.attributes('title')).toBe('Resultat från verktyget')
    expect(frame.attributes('style')).toContain('height: 200px')
  })

  it('never puts the payload into the page itself', () => {
    const wrapper = render([{ kind: 'html', html: payload }])
    expect(wrapper.element.querySelectorAll('h2, script, img').length).toBe(0)
    expectInert(wrapper.element)
    expect((window as unknown as { pwned?: number }).pwned).toBeUndefined()
  })
})

describe('the other output kinds', () => {
  it('draws notices as banners with their level', () => {
    const wrapper = render([
      { kind: 'notice', level: 'warning', message: 'Tre elever saknar betyg.', system: false },
      { kind: 'notice', level: 'success', message: 'Klart.', system: false },
    ])
    const [warning, success] = wrapper.findAll('.notice')
    expect(warning!.classes()).toContain('notice--warning')
    expect(warning!.attributes('role')).toBe('alert')
    expect(success!.attributes('role')).toBe('status')
  })

  it('sorts a table by a column, numbers as numbers, and back', async () => {
    const wrapper = render([
      {
        kind: 'table',
        title: 'Betyg',
        columns: [{ key: 'namn', label: 'Namn' }, { key: 'poang', label: 'Poäng', type: 'number' }],
        rows: [{ namn: 'Åsa', poang: 9 }, { namn: 'Bo', poang: 10 }, { namn: 'Ali', poang: 2 }],
      },
    ])
    const names = () => wrapper.findAll('tbody tr').map((tr) => tr.find('td').text())
    expect(names()).toEqual(['Åsa', 'Bo', 'Ali'])
    await wrapper.find('button[aria-label="Sortera efter Poäng"]').trigger('click')
    expect(names()).toEqual(['Ali', 'Åsa', 'Bo'])
    expect(wrapper.findAll('th')[1]!.attributes('aria-sort')).toBe('ascending')
    await wrapper.find('button[aria-label="Sortera efter Poäng"]').trigger('click')
    expect(names()).toEqual(['Bo', 'Åsa', 'Ali'])
    await wrapper.find('button[aria-label="Sortera efter Namn"]').trigger('click')
    expect(names()).toEqual(['Ali', 'Bo', 'Åsa']) // Swedish order: Å after B
    expect(wrapper.find('figcaption').text()).toBe('Betyg')
  })

  it('shows json collapsibly', async () => {
    const wrapper = render([{ kind: 'json', title: 'Data', value: { klass: '7A', elever: [1, 2], djup: { a: { b: { c: 1 } } } } }])
    const branches = wrapper.findAll('details')
    expect(branches.length).toBeGreaterThan(2)
    expect(branches[0]!.attributes('open')).toBeDefined()
    expect(wrapper.text()).toContain('"7A"')
    // deep levels start collapsed
    expect(branches.at(-1)!.attributes('open')).toBeUndefined()
  })

  it('places file cards and images where the tool put them, and lists the rest', () => {
    const artifacts: Artifact[] = [
      { id: 'a1', name: 'rapport.docx', label: null, bytes: 2048, media_type: 'application/msword', download_url: '/api/v1/runs/r/artifacts/a1' },
      { id: 'a2', name: 'diagram.png', label: null, bytes: 10, media_type: 'image/png', download_url: '/api/v1/runs/r/artifacts/a2' },
      { id: 'a3', name: 'extra.csv', label: null, bytes: 5, media_type: 'text/csv', download_url: '/api/v1/runs/r/artifacts/a3' },
    ]
    const wrapper = render(
      [
        { kind: 'file', artifact: 'rapport.docx', label: 'Rapport' },
        { kind: 'image', artifact: 'diagram.png', alt: 'Betygsfördelning' },
        { kind: 'file', artifact: 'borta.pdf' },
      ],
      artifacts,
    )
    const cards = wrapper.findAll('.file-card')
    expect(cards[0]!.text()).toContain('Rapport')
    expect(cards[0]!.find('a').attributes('href')).toBe('/api/v1/runs/r/artifacts/a1')
    expect(cards[0]!.find('a').attributes('download')).toBe('rapport.docx')
    expect(cards[1]!.text()).toContain('Filen borta.pdf finns inte längre.')
    expect(wrapper.find('img').attributes('alt')).toBe('Betygsfördelning')
    expect(wrapper.find('img').attributes('src')).toBe('/api/v1/runs/r/artifacts/a2')
    expect(wrapper.find('.result__downloads').text()).toContain('extra.csv')
    expect(wrapper.find('.result__downloads').text()).not.toContain('rapport.docx')
  })
})
