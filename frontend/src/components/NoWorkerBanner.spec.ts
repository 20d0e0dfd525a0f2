import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Run, SystemStatus } from '@/api/contract'
import { mountWithApp } from '@/test/mount'
import NoWorkerBanner from './NoWorkerBanner.vue'
import RunStatus from './RunStatus.vue'

const status = (workers_alive: number): SystemStatus => ({
  workers_alive,
  runs_waiting: 2,
  runs_running: 0,
  last_heartbeat_at: null,
  alive_within_s: 30,
})
let alive = 0
let asked = 0

beforeEach(() => {
  asked = 0
  vi.stubGlobal(
    'fetch',
    vi.fn(async (request: Request) => {
      expect(new URL(request.url).pathname).toBe('/api/v1/system/status')
      asked += 1
      return new Response(JSON.stringify(status(alive)), { headers: { 'Content-Type': 'application/json' } })
    }),
  )
})
afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

describe('the no-worker banner', () => {
  it('appears when no worker is alive and goes when one answers again', async () => {
    alive = 0
    const wrapper = mountWithApp(NoWorkerBanner, { props: { active: true, pollMs: 20 } })
    await vi.waitFor(() => expect(wrapper.find('[data-testid=no-worker-banner]').exists()).toBe(true))
    expect(wrapper.text()).toContain('Körningar väntar: ingen körningsserver svarar')
    alive = 1
    await vi.waitFor(() => expect(wrapper.find('[data-testid=no-worker-banner]').exists()).toBe(false))
    wrapper.unmount()
  })

  it('speaks English too', async () => {
    alive = 0
    const wrapper = mountWithApp(NoWorkerBanner, { props: { active: true, pollMs: 10_000 } }, 'en')
    await vi.waitFor(() => expect(wrapper.text()).toContain('no run server is answering'))
    wrapper.unmount()
  })

  it('asks nothing while signed out', async () => {
    alive = 0
    asked = 0
    const wrapper = mountWithApp(NoWorkerBanner, { props: { active: false, pollMs: 20 } })
    await flushPromises()
    expect(asked).toBe(0)
    expect(wrapper.find('[data-testid=no-worker-banner]').exists()).toBe(false)
  })
})

describe('a queued run', () => {
  const queued = (queue_position: number | null): Run => ({
    id: 'r1',
    tool: { slug: 'hej', title: 'Hej' },
    version: 1,
    session_id: 's1',
    mode: 'initial',
    env: 'production',
    status: 'queued',
    error: null,
    outputs: [],
    actions: [],
    artifacts: [],
    queued_at: '2026-12-05T08:00:00Z',
    started_at: null,
    finished_at: null,
    queue_position,
    content_expired: false,
    retention_days: null,
  })

  it('shows its place in the queue', () => {
    expect(mountWithApp(RunStatus, { props: { run: queued(2) } }).text()).toBe('I kö (2 före dig)')
    expect(mountWithApp(RunStatus, { props: { run: queued(null) } }).text()).toBe('I kö')
  })
})
