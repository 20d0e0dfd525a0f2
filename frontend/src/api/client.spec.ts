import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError, call, onUnauthenticated, problemFrom, setCsrfToken } from './client'
import { getMe, login, logout, listTools } from './resources'

const problem = (status: number, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/problem+json', ...headers } })

let requests: Request[] = []
function answer(...responses: Response[]) {
  requests = []
  const queue = [...responses]
  vi.stubGlobal(
    'fetch',
    vi.fn(async (request: Request) => {
      requests.push(request)
      const next = queue.shift()
      if (!next) throw new TypeError('Failed to fetch')
      return next
    }),
  )
}

beforeEach(() => {
  setCsrfToken(null)
  onUnauthenticated(() => undefined)
})
afterEach(() => {
  vi.unstubAllGlobals()
})

describe('the API client', () => {
  it('returns the data of a successful call', async () => {
    const me = { user: { id: 'u', email: 'a@b.se', display_name: 'A', role: 'user', is_active: true, created_at: '', last_login_at: null }, csrf_token: 'c' }
    answer(new Response(JSON.stringify(me), { status: 200, headers: { 'Content-Type': 'application/json' } }))
    await expect(getMe()).resolves.toEqual(me)
  })

  it('turns problem+json into an ApiError in words, with its code and field errors', async () => {
    answer(
      problem(422, {
        type: 'x',
        title: 'Validation failed',
        status: 422,
        detail: 'Some fields are invalid.',
        code: 'validation_failed',
        correlation_id: 'abc123',
        errors: [
          { field: 'inputs.klass', code: 'required', message: 'Fyll i klass.' },
          { field: 'email', code: 'invalid', message: 'Ogiltig adress.' },
        ],
      }),
    )
    const error = await login('x', 'y').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    const apiError = error as ApiError
    expect(apiError.status).toBe(422)
    expect(apiError.code).toBe('validation_failed')
    expect(apiError.message).toBe('Some fields are invalid.')
    expect(apiError.correlationId).toBe('abc123')
    expect(apiError.byField()).toEqual({ klass: 'Fyll i klass.', email: 'Ogiltig adress.' })
  })

  it('reads Retry-After on 429', () => {
    const error = problemFrom(problem(429, { code: 'rate_limited', detail: 'Slow down.' }, { 'Retry-After': '42' }), {
      code: 'rate_limited',
      detail: 'Slow down.',
    })
    expect(error.retryAfterSeconds).toBe(42)
  })

  it('copes with an error body that is not a problem', async () => {
    answer(new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway', headers: { 'Content-Type': 'text/html' } }))
    const error = (await listTools({}).catch((e: unknown) => e)) as ApiError
    expect(error.status).toBe(502)
    expect(error.code).toBe('http_502')
  })

  it('reports an unreachable server as a network error', async () => {
    answer()
    const error = (await listTools({}).catch((e: unknown) => e)) as ApiError
    expect(error.status).toBe(0)
    expect(error.code).toBe('network')
  })

  it('adds the CSRF token to unsafe requests only', async () => {
    setCsrfToken('token-1')
    answer(new Response(null, { status: 204 }), new Response('{"items":[],"total":0,"limit":50,"offset":0}', { status: 200, headers: { 'Content-Type': 'application/json' } }))
    await logout()
    await listTools({ q: 'betyg' })
    expect(requests[0]!.method).toBe('POST')
    expect(requests[0]!.headers.get('X-CSRF-Token')).toBe('token-1')
    expect(requests[1]!.headers.get('X-CSRF-Token')).toBeNull()
    expect(new URL(requests[1]!.url).searchParams.get('q')).toBe('betyg')
  })

  it('sends the user to sign in on a 401, but not for a wrong password or the first /auth/me', async () => {
    const handler = vi.fn()
    onUnauthenticated(handler)
    const unauthenticated = () => problem(401, { code: 'unauthenticated', detail: 'Sign in.' })
    answer(unauthenticated(), unauthenticated(), unauthenticated())
    await expect(login('a', 'b')).rejects.toBeInstanceOf(ApiError)
    await expect(getMe()).rejects.toBeInstanceOf(ApiError)
    expect(handler).not.toHaveBeenCalled()
    await expect(listTools({})).rejects.toMatchObject({ status: 401 })
    expect(handler).toHaveBeenCalledOnce()
  })

  it('passes through a plain promise result via call()', async () => {
    const response = new Response(null, { status: 204 })
    await expect(call(Promise.resolve({ data: undefined, response }))).resolves.toBeUndefined()
  })
})

describe('errors in words', () => {
  it('shows the server’s own words (detail and field errors, worded in the user’s language)', async () => {
    const { describeError } = await import('@/composables/problem')
    const { makeI18n } = await import('@/i18n')
    const t = makeI18n('sv').global.t as unknown as (key: string, params?: Record<string, unknown>) => string
    const error = (status: number, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
      problemFrom(problem(status, body, headers), { correlation_id: 'c-42', ...body })
    expect(describeError(error(409, { code: 'last_maintainer', detail: 'Verktyget måste ha minst en ansvarig.' }), t)).toBe(
      'Verktyget måste ha minst en ansvarig.',
    )
    const invalid = error(422, {
      code: 'validation_failed',
      detail: 'Några fält är inte rätt ifyllda.',
      errors: [
        { field: 'slug', code: 'taken', message: 'Kortnamnet är upptaget' },
        { field: 'title', code: 'too_long', message: 'Titeln är för lång.' },
        { field: 'inputs.title', code: 'too_long', message: 'Titeln är för lång.' },
      ],
    })
    expect(describeError(invalid, t)).toBe('Några fält är inte rätt ifyllda. Kortnamnet är upptaget. Titeln är för lång.')
  })

  it('uses its own Swedish sentence when the server gave no words, and an error id for a 5xx', async () => {
    const { describeError } = await import('@/composables/problem')
    const { makeI18n } = await import('@/i18n')
    const t = makeI18n('sv').global.t as unknown as (key: string, params?: Record<string, unknown>) => string
    const bare = (status: number, headers: Record<string, string> = {}) => problemFrom(new Response(null, { status, statusText: 'Not Found', headers }), null)
    expect(describeError(bare(404), t)).toBe('Det du letar efter finns inte.')
    expect(describeError(bare(429, { 'Retry-After': '30' }), t)).toBe('För många försök. Vänta 30 sekunder.')
    const empty = problemFrom(problem(422, { code: 'validation_failed', detail: '' }), { code: 'validation_failed', detail: '' })
    expect(describeError(empty, t)).toBe('Rätta de markerade fälten.')
    const crash = problemFrom(problem(500, { code: 'internal_error', detail: 'Internal server error' }), {
      code: 'internal_error',
      detail: 'Internal server error',
      correlation_id: 'c-42',
    })
    expect(describeError(crash, t)).toContain('c-42')
    expect(describeError(crash, t)).not.toContain('Internal')
    expect(describeError(new ApiError({ status: 0, code: 'network', detail: 'TypeError' }), t)).toContain('Kunde inte nå servern')
  })
})
