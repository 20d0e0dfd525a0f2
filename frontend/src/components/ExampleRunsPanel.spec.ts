import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { ExampleRunItem, Run } from '@/api/contract'
import { mountWithApp } from '@/test/mount'
import ExampleRunsPanel from './ExampleRunsPanel.vue'

function run(version: number, status: Run['status'], extra: Partial<Run> = {}): Run {
  return {
    id: `r-${version}-${status}`,
    tool: { slug: 'namnlista', title: 'Namnlista' },
    version,
    session_id: 's1',
    mode: 'initial',
    env: 'sandbox',
    status,
    error: null,
    outputs: [],
    actions: [],
    artifacts: [],
    queued_at: '2026-11-27T08:00:00Z',
    started_at: null,
    finished_at: null,
    queue_position: null,
    content_expired: false,
    retention_days: null,
    ...extra,
  }
}
const item = (c: string, r: Run | null, expected_met: boolean | null, extra: Partial<ExampleRunItem> = {}): ExampleRunItem => ({
  case: c,
  run: r,
  expected_met,
  refused: null,
  started_at: '2026-11-27T08:00:00Z',
  ...extra,
})
const artifact = (name: string) => ({ id: name, name, bytes: 3, media_type: 'text/csv', label: null, download_url: `/x/${name}` })

// Version 3 is submitted, 2 is active: 3 breaks the csv example, both refuse the image.
const QUEUED: Record<number, ExampleRunItem[]> = {
  3: [item('klass', run(3, 'queued'), null), item('bild', null, true, { refused: { code: 'invalid_content', message: 'namn.csv är ingen CSV-fil.' } })],
  2: [item('klass', run(2, 'queued'), null), item('bild', null, true, { refused: { code: 'invalid_content', message: 'namn.csv är ingen CSV-fil.' } })],
}
const DONE: Record<number, ExampleRunItem[]> = {
  3: [item('klass', run(3, 'failed', { error: { code: 'user_error', message: 'Hittade inga namn.' } }), false), QUEUED[3]![1]!],
  2: [item('klass', run(2, 'succeeded', { artifacts: [artifact('namnlista.csv')] }), true), QUEUED[2]![1]!],
}
let started = false
let finish = false
const posts: string[] = []

beforeEach(() => {
  started = false
  finish = false
  posts.length = 0
  vi.stubGlobal(
    'fetch',
    vi.fn(async (request: Request) => {
      const path = new URL(request.url).pathname
      const match = /^\/api\/v1\/tools\/namnlista\/versions\/(\d+)\/example-runs$/.exec(path)
      expect(match).not.toBeNull()
      const version = Number(match![1])
      if (request.method === 'POST') {
        posts.push(path)
        started = true
        return Response.json({ version, runs: QUEUED[version] }, { status: 202 })
      }
      return Response.json({ version, runs: !started ? [] : finish ? DONE[version] : QUEUED[version] })
    }),
  )
})
afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

describe('the example runs panel', () => {
  it('runs the examples on both versions and shows each verdict side by side', async () => {
    const versions = [
      { number: 3, label: 'Version 3 (inskickad)' },
      { number: 2, label: 'Version 2 (aktiv)' },
    ]
    const wrapper = mountWithApp(ExampleRunsPanel, { props: { slug: 'namnlista', versions, pollMs: 5 } })
    await vi.waitFor(() => expect(wrapper.text()).toContain('Exemplen har inte körts än.'))
    await wrapper.get('[data-testid=run-examples]').trigger('click')
    expect(posts.sort()).toEqual(['/api/v1/tools/namnlista/versions/2/example-runs', '/api/v1/tools/namnlista/versions/3/example-runs'])
    await vi.waitFor(() => expect(wrapper.get('[data-testid=example-klass-3]').attributes('data-met')).toBe('pending'))
    finish = true
    await vi.waitFor(() => expect(wrapper.get('[data-testid=example-klass-3]').attributes('data-met')).toBe('false'))
    const cell = (c: string, v: number) => wrapper.get(`[data-testid=example-${c}-${v}]`)
    expect(cell('klass', 3).text()).toContain('Underkänt')
    expect(cell('klass', 3).text()).toContain('Hittade inga namn.')
    expect(cell('klass', 2).attributes('data-met')).toBe('true')
    expect(cell('klass', 2).text()).toContain('Filer: namnlista.csv')
    expect(cell('bild', 3).text()).toContain('Filen togs inte emot: namn.csv är ingen CSV-fil.')
    expect(cell('bild', 3).attributes('data-met')).toBe('true')
    expect(wrapper.get('[data-testid=example-summary-3]').text()).toContain('1 av 2 godkända')
    expect(wrapper.get('[data-testid=example-summary-2]').text()).toContain('2 av 2 godkända')
    expect(wrapper.get('[data-testid=run-examples]').attributes('disabled')).toBeUndefined()
    wrapper.unmount()
  })
})
