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
  it('says what happened in the user’s language, whatever the server’s English detail', async () => {
    const { describeError } = await import('@/composables/problem')
    const { makeI18n } = await import('@/i18n')
    const t = makeI18n('sv').global.t as unknown as (key: string, params?: Record<string, unknown>) => string
    const error = (status: number, code: string, headers: Record<string, string> = {}) =>
      problemFrom(problem(status, { code, detail: 'English detail.' }, headers), { code, detail: 'English detail.', correlation_id: 'c-42' })
    expect(describeError(error(404, 'not_found'), t)).toBe('Det du letar efter finns inte.')
    expect(describeError(error(422, 'validation_failed'), t)).toBe('Rätta de markerade fälten.')
    expect(describeError(error(429, 'rate_limited', { 'Retry-After': '30' }), t)).toBe('För många försök. Vänta 30 sekunder.')
    expect(describeError(error(500, 'internal_error'), t)).toContain('c-42')
    expect(describeError(new ApiError({ status: 0, code: 'network', detail: 'TypeError' }), t)).toContain('Kunde inte nå servern')
  })
})
