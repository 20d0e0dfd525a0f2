import { defineStore } from 'pinia'
import { ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { setApiLanguage } from '@/api/client'
import { type Locale, rememberLocale, savedLocale } from '@/i18n'

/** The chosen language, shared by every view and remembered in the browser. */
export const useLocale = defineStore('locale', () => {
  const locale = ref<Locale>(savedLocale())
  const i18n = useI18n({ useScope: 'global' })
  setApiLanguage(locale.value)

  function set(next: Locale): void {
    locale.value = next
    i18n.locale.value = next
    setApiLanguage(next)
    rememberLocale(next)
  }

  return { locale, set }
})
