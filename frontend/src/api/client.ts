/**
 * The one HTTP client: openapi-fetch typed by the generated schema, plus what every call needs —
 * the CSRF header on unsafe requests, problem+json turned into an ApiError, and a 401 sending the
 * user to sign in (handled by whoever registers `onUnauthenticated`, i.e. the router).
 */
import createClient from 'openapi-fetch'
import { savedLocale } from '@/i18n'
import type { paths } from './schema'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])
/** A 401 from these means "wrong password" or "not signed in yet", not "your session ended". */
const NO_REDIRECT_ON_401 = ['/api/v1/auth/login', '/api/v1/auth/me']

export interface FieldProblem {
  field: string
  code: string
  message: string
  /** with column: where in a source file (a syntax error) */
  line?: number
  column?: number
}

/** A failed request, in words: `detail` is what to tell the user, `code` is stable. */
export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly detail: string
  readonly fieldErrors: FieldProblem[]
  readonly correlationId: string | null
  readonly retryAfterSeconds: number | null

  constructor(init: {
    status: number
    code: string
    detail: string
    fieldErrors?: FieldProblem[]
    correlationId?: string | null
    retryAfterSeconds?: number | null
  }) {
    super(init.detail)
    this.name = 'ApiError'
    this.status = init.status
    this.code = init.code
    this.detail = init.detail
    this.fieldErrors = init.fieldErrors ?? []
    this.correlationId = init.correlationId ?? null
    this.retryAfterSeconds = init.retryAfterSeconds ?? null
  }

  /** Field errors keyed by form field name ("inputs.klass" and "klass" both land on "klass"). */
  byField(): Record<string, string> {
    const out: Record<string, string> = {}
    for (const e of this.fieldErrors) {
      const name = e.field.split('.').pop() ?? e.field
      out[name] ??= e.message
    }
    return out
  }
}

let csrfToken: string | null = null
let unauthenticatedHandler: (() => void) | null = null

export function setCsrfToken(token: string | null): void {
  csrfToken = token
}

export function onUnauthenticated(handler: () => void): void {
  unauthenticatedHandler = handler
}

function origin(): string {
  return globalThis.location?.origin ?? 'http://localhost'
}

export const api = createClient<paths>({
  baseUrl: origin(),
  // Looked up per call so tests (and nothing else) can replace globalThis.fetch.
  fetch: (request: Request) => globalThis.fetch(request),
})

api.use({
  onRequest({ request }) {
    // The API answers problems in the user's language (the profile's, remembered locally).
    request.headers.set('Accept-Language', savedLocale())
    if (!SAFE_METHODS.has(request.method) && csrfToken) {
      request.headers.set('X-CSRF-Token', csrfToken)
    }
    return request
  },
  onResponse({ request, response }) {
    if (response.status === 401 && !NO_REDIRECT_ON_401.includes(new URL(request.url).pathname)) {
      unauthenticatedHandler?.()
    }
    return response
  },
})

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null
}

/** Build an ApiError from a non-2xx response and whatever body openapi-fetch parsed. */
export function problemFrom(response: Response, body: unknown): ApiError {
  const retry = Number(response.headers.get('Retry-After'))
  const common = {
    status: response.status,
    correlationId: response.headers.get('X-Correlation-ID'),
    retryAfterSeconds: Number.isFinite(retry) && retry > 0 ? retry : null,
  }
  if (isObject(body) && typeof body.code === 'string') {
    const errors = Array.isArray(body.errors)
      ? body.errors.filter(isObject).map((e) => ({
          field: String(e.field ?? ''),
          code: String(e.code ?? 'invalid'),
          message: String(e.message ?? ''),
          ...(typeof e.line === 'number' ? { line: e.line } : {}),
          ...(typeof e.column === 'number' ? { column: e.column } : {}),
        }))
      : []
    return new ApiError({
      ...common,
      code: body.code,
      detail: typeof body.detail === 'string' ? body.detail : response.statusText,
      fieldErrors: errors,
      correlationId:
        typeof body.correlation_id === 'string' ? body.correlation_id : common.correlationId,
    })
  }
  return new ApiError({ ...common, code: `http_${response.status}`, detail: response.statusText })
}

interface FetchResult<T> {
  data?: T
  error?: unknown
  response: Response
}

/** Await an openapi-fetch call: the data, or an ApiError. */
export async function call<T>(pending: Promise<FetchResult<T>>): Promise<T> {
  let result: FetchResult<T>
  try {
    result = await pending
  } catch (cause) {
    throw new ApiError({ status: 0, code: 'network', detail: String(cause) })
  }
  const { data, error, response } = result
  if (response.ok) return data as T
  throw problemFrom(response, error)
}
