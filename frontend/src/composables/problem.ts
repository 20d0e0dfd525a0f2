import { ApiError } from '@/api/client'

type Translate = (key: string, params?: Record<string, unknown>) => string

/**
 * An error in words for the user, in the user's language: every status the SPA can meet has its
 * own sentence; the server's (English) `detail` is shown only for an unexpected 4xx, where it is
 * the most specific thing we have. Field errors are shown next to their fields by the forms.
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
      if (error.status >= 500) return t('errors.server', { id: error.correlationId ?? '—' })
      return error.detail || t('errors.server', { id: error.correlationId ?? '—' })
  }
}
