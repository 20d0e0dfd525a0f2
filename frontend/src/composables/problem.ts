import { ApiError } from '@/api/client'

type Translate = (key: string, params?: Record<string, unknown>) => string

/** The sentence the SPA has for a status, used when the server gave none. */
function fallback(error: ApiError, t: Translate): string {
  switch (error.status) {
    case 0:
      return t('errors.network')
    case 401:
      return t('errors.sessionEnded')
    case 403:
      return t('errors.forbidden')
    case 400:
      return t('errors.badRequest')
    case 404:
      return t('errors.notFound')
    case 405:
      return t('errors.apiMissing')
    case 409:
      return t('errors.conflict')
    case 413:
      return t('errors.tooLarge')
    case 422:
      return t('errors.validation')
    case 429:
      return t('errors.rateLimited', { s: error.retryAfterSeconds ?? 30 })
    case 503:
      return t('errors.unavailable')
    default:
      return t('errors.server', { id: error.correlationId ?? '—' })
  }
}

/**
 * An error in words for the user, in the user's language. The API words its problem details
 * and field errors in that language (Accept-Language), and they say what went wrong far better
 * than a sentence per status, so they come first: the detail, then each field's message. The
 * SPA's own sentence stands in when there is no problem body (network, a proxy's 502, a bare
 * status) and for a 5xx, where the user needs the error id rather than the server's words.
 */
export function describeError(error: unknown, t: Translate): string {
  if (!(error instanceof ApiError)) return t('errors.server', { id: '—' })
  const fromServer = error.status > 0 && error.status < 500 && !error.code.startsWith('http_')
  if (!fromServer || error.status === 401) return fallback(error, t)
  const fields = [...new Set(error.fieldErrors.map((e) => e.message.trim()).filter(Boolean))]
  const detail = error.detail.trim() || fallback(error, t)
  if (!fields.length) return detail
  return `${detail} ${fields.map((m) => (/[.!?]$/.test(m) ? m : `${m}.`)).join(' ')}`
}
