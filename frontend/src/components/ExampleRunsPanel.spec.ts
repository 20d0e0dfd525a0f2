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
  step: 0,
  steps: 1,
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

describe('an example with actions', () => {
  it('shows its step while the reads take its actions, and the verdict on the last run', async () => {
    // What each read answers: the server takes the next action while it answers.
    const reads: ExampleRunItem[][] = [
      [item('klass', run(1, 'queued'), null, { steps: 3 }), item('fel-steg', run(1, 'running'), null, { steps: 2 })],
      [
        item('klass', run(1, 'succeeded', { mode: 'initial' }), null, { steps: 3 }),
        item('fel-steg', run(1, 'succeeded'), false, {
          steps: 2,
          refused: { code: 'stale_action', message: 'That step is no longer offered.' },
        }),
      ],
      [item('klass', run(1, 'running', { mode: 'action' }), null, { step: 1, steps: 3 })],
      [item('klass', run(1, 'succeeded', { mode: 'action', artifacts: [artifact('grupper.docx')] }), true, { step: 2, steps: 3 })],
    ]
    let stage = 0 // what the server has got to: the test moves it on
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        const answer = reads[stage]!
        return Response.json({ version: 1, runs: answer.length === 1 ? [answer[0], reads[1]![1]] : answer })
      }),
    )
    const wrapper = mountWithApp(ExampleRunsPanel, { props: { slug: 'gruppgenerator', versions: [{ number: 1, label: 'Version 1' }], pollMs: 5 } })
    const cell = (c: string) => wrapper.get(`[data-testid=example-${c}-1]`)
    await vi.waitFor(() => expect(cell('klass').attributes('data-met')).toBe('pending'))
    expect(wrapper.get('[data-testid=example-step-klass-1]').text()).toBe('steg 1 av 3')
    stage = 1
    await vi.waitFor(() => expect(cell('fel-steg').attributes('data-met')).toBe('false'))
    // A succeeded run with an action left is still under way: the panel reads again.
    expect(cell('klass').attributes('data-met')).toBe('pending')
    expect(cell('klass').text()).not.toContain('Visa resultatet')
    stage = 2
    await vi.waitFor(() => expect(wrapper.get('[data-testid=example-step-klass-1]').text()).toBe('steg 2 av 3'))
    expect(cell('klass').attributes('data-met')).toBe('pending')
    stage = 3
    await vi.waitFor(() => expect(cell('klass').attributes('data-met')).toBe('true'))
    expect(wrapper.get('[data-testid=example-step-klass-1]').text()).toBe('steg 3 av 3')
    expect(cell('klass').text()).toContain('Filer: grupper.docx')
    expect(cell('fel-steg').attributes('data-met')).toBe('false')
    expect(cell('fel-steg').text()).toContain('Steg 2 togs inte emot: That step is no longer offered.')
    expect(wrapper.get('[data-testid=example-summary-1]').text()).toContain('1 av 2 godkända')
    await vi.waitFor(() => expect(wrapper.get('[data-testid=run-examples]').attributes('disabled')).toBeUndefined())
    wrapper.unmount()
  })
})
