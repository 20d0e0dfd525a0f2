import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Run, ToolDetail } from '@/api/contract'
import { createMemoryHistory, createRouter } from 'vue-router'
import { fileOf, mountWithApp } from '@/test/mount'
import ToolView from './ToolView.vue'

const TOOL: ToolDetail = {
  slug: 'betyg',
  title: 'Betyg per klass',
  summary: 'Sammanställer betyg.',
  professions: [],
  categories: [],
  is_favorite: false,
  updated_at: '2026-11-27T08:00:00Z',
  active_version: 3,
  listed: true,
  manifest: {
    contract: 1,
    entrypoint: 'main.py:run',
    usage: 'Ladda upp **klasslistan**. <img src=x onerror=alert(1)>',
    inputs: [
      { name: 'klass', kind: 'string', label: 'Klass', required: true },
      { name: 'lista', kind: 'file', label: 'Klasslista', accept: ['.csv'], required: true },
    ],
    settings: [],
  },
}

function runIn(status: Run['status'], extra: Partial<Run> = {}): Run {
  return {
    id: 'r1',
    tool: { slug: 'betyg', title: 'Betyg per klass' },
    version: 3,
    session_id: 's1',
    mode: 'initial',
    env: 'production',
    status,
    error: null,
    outputs: [],
    actions: [],
    artifacts: [],
    queued_at: '2026-11-27T08:00:00Z',
    started_at: status === 'queued' ? null : '2026-11-27T08:00:01Z',
    finished_at: status === 'succeeded' ? '2026-11-27T08:00:02.2Z' : null,
    queue_position: null,
    content_expired: false,
    retention_days: null,
    ...extra,
  }
}

const NEXT: Run['actions'] = [
  { id: 'mejla', label: 'Mejla mentorer', primary: false, fields: [] },
  { id: 'exportera', label: 'Exportera', primary: true, fields: [] },
]
const DONE = runIn('succeeded', {
  outputs: [
    { kind: 'notice', level: 'success', message: '28 elever.', system: false },
    { kind: 'table', columns: [{ key: 'namn', label: 'Namn' }], rows: [{ namn: 'Åsa' }] },
  ],
  actions: NEXT,
})
const SESSION = {
  id: 's1',
  tool: { slug: 'betyg', title: 'Betyg per klass' },
  status: 'active',
  state_rev: 4,
  files: [],
  last_run_id: 'r1',
  pending_actions: NEXT,
}

type Reply = Response | (() => Response | Promise<Response>)
let replies: Record<string, Reply[]> = {}
let sent: { key: string; request: Request; body: string }[] = []
const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' } })

beforeEach(() => {
  sent = []
  replies = {
    'GET /api/v1/tools/betyg': [json(TOOL)],
    'GET /api/v1/limits': [json({ upload_files: 20, upload_file_bytes: 20 * 1024 * 1024, upload_total_bytes: 50 * 1024 * 1024 })],
    'POST /api/v1/tools/betyg/runs': [json({ run: runIn('queued'), session_id: 's1' }, 202)],
    'GET /api/v1/runs/r1': [json(DONE)],
    'GET /api/v1/sessions/s1': [json(SESSION), json({ ...SESSION, state_rev: 5 })],
  }
  vi.stubGlobal(
    'fetch',
    vi.fn(async (request: Request) => {
      const key = `${request.method} ${new URL(request.url).pathname}`
      sent.push({ key, request, body: request.method === 'GET' ? '' : await request.clone().text() })
      const next = replies[key]?.shift()
      if (!next) return json({ code: 'not_found', detail: 'no reply in the test' }, 404)
      return typeof next === 'function' ? next() : next
    }),
  )
})
afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

async function mountTool(path = '/verktyg/betyg') {
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/verktyg/:slug', component: ToolView }] })
  await router.push(path)
  const wrapper = mountWithApp(ToolView, { props: { slug: 'betyg' }, global: { plugins: [router] } })
  await vi.waitFor(() => expect(wrapper.find('h1').text()).toBe('Betyg per klass'))
  return wrapper
}

async function fillAndRun(wrapper: Awaited<ReturnType<typeof mountTool>>) {
  await wrapper.find('#input-klass').setValue('7A')
  await wrapper.find('[data-testid=dropzone]').trigger('drop', { dataTransfer: { files: [fileOf('7a.csv', 12)] } })
  await wrapper.find('form').trigger('submit')
  await flushPromises()
}

describe('the tool page', () => {
  it('says how long its files and results are kept: the shorter of the server and the tool', async () => {
    replies['GET /api/v1/privacy/retention'] = [json({ run_content_days: 30 })]
    replies['GET /api/v1/tools/betyg'] = [json({ ...TOOL, manifest: { ...TOOL.manifest!, retention_days: 7 } })]
    const wrapper = await mountTool()
    await vi.waitFor(() => expect(wrapper.find('[data-testid=retention-line]').exists()).toBe(true))
    expect(wrapper.find('[data-testid=retention-line]').text()).toBe('Dina filer och resultat raderas efter 7 dagar.')
  })

  it('says in words that the result of a run was deleted, not an empty result', async () => {
    replies['GET /api/v1/runs/r1'] = [json(runIn('succeeded', { content_expired: true, retention_days: 30 }))]
    const wrapper = await mountTool()
    await fillAndRun(wrapper)
    await vi.waitFor(() => expect(wrapper.find('[data-testid=content-expired]').exists()).toBe(true))
    expect(wrapper.find('[data-testid=content-expired]').text()).toBe('Resultatet har raderats efter 30 dagar.')
  })

  it('shows the usage as sanitized markdown and the form from the manifest', async () => {
    const wrapper = await mountTool()
    await vi.waitFor(() => expect(wrapper.find('.prose strong').exists()).toBe(true))
    expect(wrapper.find('.prose strong').text()).toBe('klasslistan')
    expect(wrapper.find('.prose img').exists()).toBe(false)
    expect(wrapper.find('label[for=input-klass]').text()).toContain('Klass')
    expect(wrapper.find('input#input-lista[type=file]').exists()).toBe(true)
  })

  it('does not send a form with missing required fields', async () => {
    const wrapper = await mountTool()
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(wrapper.find('#input-klass-error').text()).toBe('Fyll i Klass.')
    expect(sent.some((s) => s.key === 'POST /api/v1/tools/betyg/runs')).toBe(false)
  })

  it('runs the tool, follows the run to its result and offers the next steps, primary first', async () => {
    const wrapper = await mountTool()
    await fillAndRun(wrapper)
    const post = sent.find((s) => s.key === 'POST /api/v1/tools/betyg/runs')
    expect(post).toBeDefined()
    expect(post!.request.headers.get('content-type')).toMatch(/^multipart\/form-data/)
    expect(post!.body).toContain('name="inputs"')
    expect(post!.body).toContain('{"klass":"7A"}')
    // the file part under its field's name (its file name is checked in FormRenderer.spec: jsdom's
    // File loses it on the way into Node's multipart encoder)
    expect(post!.body).toMatch(/name="lista"; filename="[^"]+"\r\nContent-Type: text\/csv/)

    await vi.waitFor(() => expect(wrapper.find('[data-testid=run-status]').text()).toBe('Klar på 1,2 s'))
    expect(wrapper.find('.result .notice--success').text()).toBe('28 elever.')
    expect(wrapper.find('table td').text()).toBe('Åsa')
    await vi.waitFor(() => expect(wrapper.findAll('.card button[type=submit]').length).toBe(2))
    const actions = wrapper.findAll('.card button[type=submit]').map((b) => b.text())
    expect(actions).toEqual(['Exportera', 'Mejla mentorer'])
    expect(wrapper.findAll('.card button[type=submit]')[1]!.classes()).toContain('button--secondary')
    expect(wrapper.find('button[type=submit]').text()).toBe('Kör igen')
  })

  it('shows the next steps from the finished run itself, without waiting for the session', async () => {
    replies['GET /api/v1/sessions/s1'] = [() => new Promise<Response>(() => undefined)] // never answers
    const wrapper = await mountTool()
    await fillAndRun(wrapper)
    await vi.waitFor(() => expect(wrapper.findAll('.card button[type=submit]').length).toBe(2))
    expect(wrapper.findAll('.card button[type=submit]').map((b) => b.text())).toEqual(['Exportera', 'Mejla mentorer'])
  })

  it('explains a conflict from another tab and reloads the step', async () => {
    replies['POST /api/v1/sessions/s1/actions'] = [
      json({ code: 'state_conflict', detail: 'The session moved on.', status: 409 }, 409),
    ]
    const wrapper = await mountTool()
    await fillAndRun(wrapper)
    await vi.waitFor(() => expect(wrapper.findAll('.card button[type=submit]').length).toBe(2))
    await wrapper.findAll('.card form, form.card')[0]!.trigger('submit')
    await flushPromises()
    const action = sent.find((s) => s.key === 'POST /api/v1/sessions/s1/actions')!
    expect(action.body).toContain('"action_id":"exportera"')
    expect(action.body).toContain('"expected_state_rev":4')
    await vi.waitFor(() => expect(wrapper.text()).toContain('Sessionen har gått vidare i en annan flik.'))
    expect(sent.filter((s) => s.key === 'GET /api/v1/sessions/s1')).toHaveLength(2)
  })

  it('puts the server’s field errors next to the fields', async () => {
    replies['POST /api/v1/tools/betyg/runs'] = [
      json(
        {
          code: 'validation_failed',
          detail: 'Några fält är inte rätt ifyllda.',
          status: 422,
          errors: [{ field: 'inputs.klass', code: 'unknown_class', message: 'Klassen 7A finns inte.' }],
        },
        422,
      ),
    ]
    const wrapper = await mountTool()
    await fillAndRun(wrapper)
    expect(wrapper.find('#input-klass-error').text()).toBe('Klassen 7A finns inte.')
    expect(wrapper.text()).toContain('Några fält är inte rätt ifyllda. Klassen 7A finns inte.')
  })

  it('resumes the session in the address at its latest run, with its pending actions and the first inputs', async () => {
    replies['GET /api/v1/sessions/s1'] = [json({ ...SESSION, inputs: { klass: '7B' } }), json(SESSION)]
    replies['GET /api/v1/runs'] = [json({ items: [DONE], total: 1, limit: 100, offset: 0 })]
    const wrapper = await mountTool('/verktyg/betyg?session=s1')
    await vi.waitFor(() => expect(wrapper.text()).toContain('Exportera'))
    expect(wrapper.text()).toContain('28 elever.')
    expect((wrapper.find('#input-klass').element as HTMLInputElement).value).toBe('7B')
  })

  it("says in words that another user's (or no) session cannot be opened, and offers to start over", async () => {
    replies['GET /api/v1/sessions/s9'] = [json({ code: 'not_found', detail: 'There is no such session.', status: 404 }, 404)]
    const wrapper = await mountTool('/verktyg/betyg?session=s9')
    await vi.waitFor(() => expect(wrapper.find('[data-testid=session-problem]').exists()).toBe(true))
    expect(wrapper.find('[data-testid=session-problem]').text()).toContain('tillhör den någon annan')
    expect(wrapper.find('[data-testid=session-problem] button').text()).toBe('Börja om')
  })

  it('says an expired session has expired and offers to start over', async () => {
    replies['GET /api/v1/sessions/s1'] = [json({ ...SESSION, status: 'expired' })]
    replies['GET /api/v1/runs'] = [json({ items: [DONE], total: 1, limit: 100, offset: 0 })]
    const wrapper = await mountTool('/verktyg/betyg?session=s1')
    await vi.waitFor(() => expect(wrapper.find('[data-testid=session-problem]').exists()).toBe(true))
    expect(wrapper.find('[data-testid=session-problem]').text()).toContain('har gått ut')
    expect(wrapper.text()).not.toContain('Exportera')
  })
})
