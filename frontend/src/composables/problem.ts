import { ApiError } from '@/api/client'

type Translate = (key: string, params?: Record<string, unknown>) => string

/**
 * An error in words for the user. The server's `detail` is specific (a conflict, a validation
 * summary, a tool's message) and is shown as is; generic failures get our own localized sentence.
 */
export function describeError(error: unknown, t: Translate): string {
  if (!(error instanceof ApiError)) return t('errors.server', { id: '—' })
  switch (error.status) {
    case 0:
      return t('errors.network')
    case 401:
      return t('errors.sessionEnded')
    case 403:
      return t('errors.forbidden')
    case 404:
      return error.code === 'not_found' && error.detail ? error.detail : t('errors.notFound')
    case 405:
      return t('errors.apiMissing')
    case 413:
      return error.detail || t('errors.tooLarge')
    case 422:
      return error.detail || t('errors.validation')
    case 429:
      return t('errors.rateLimited', { s: error.retryAfterSeconds ?? 30 })
    case 503:
      return t('errors.unavailable')
    default:
      if (error.status >= 500) return t('errors.server', { id: error.correlationId ?? '—' })
      return error.detail || t('errors.server', { id: error.correlationId ?? '—' })
  }
}
