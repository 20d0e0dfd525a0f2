import { createI18n } from 'vue-i18n'
import sv from './sv'

export type Locale = 'sv' | 'en'
export const LOCALES: readonly Locale[] = ['sv', 'en']
const STORAGE_KEY = 'skriptoteket.locale'

export function savedLocale(): Locale {
  const stored = globalThis.localStorage?.getItem(STORAGE_KEY)
  return stored === 'en' ? 'en' : 'sv'
}

export function rememberLocale(locale: Locale): void {
  globalThis.localStorage?.setItem(STORAGE_KEY, locale)
  document.documentElement.lang = locale
}

type Messages = typeof sv

/** Swedish is in the first load; English (about 8 KB gzipped) is fetched when it is chosen, so
 * most users never download it. */
export async function loadMessages(locale: Locale): Promise<Partial<Record<Locale, Messages>>> {
  return locale === 'en' ? { en: (await import('./en')).default } : {}
}

export function makeI18n(locale: Locale = savedLocale(), more: Partial<Record<Locale, Messages>> = {}) {
  return createI18n({
    legacy: false,
    locale,
    fallbackLocale: 'sv',
    messages: { sv, ...more },
    // sv uses a comma and a space-free decimal style; Intl does the work.
    numberFormats: {
      sv: { seconds: { maximumFractionDigits: 1, minimumFractionDigits: 1 } },
      en: { seconds: { maximumFractionDigits: 1, minimumFractionDigits: 1 } },
    },
  })
}
