import { createI18n } from 'vue-i18n'
import en from './en'
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

export function makeI18n(locale: Locale = savedLocale()) {
  return createI18n({
    legacy: false,
    locale,
    fallbackLocale: 'sv',
    messages: { sv, en },
    // sv uses a comma and a space-free decimal style; Intl does the work.
    numberFormats: {
      sv: { seconds: { maximumFractionDigits: 1, minimumFractionDigits: 1 } },
      en: { seconds: { maximumFractionDigits: 1, minimumFractionDigits: 1 } },
    },
  })
}
