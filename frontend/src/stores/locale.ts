import { defineStore } from 'pinia'
import { ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { setApiLanguage } from '@/api/client'
import { type Locale, loadMessages, rememberLocale, savedLocale } from '@/i18n'

/** The chosen language, shared by every view and remembered in the browser. */
export const useLocale = defineStore('locale', () => {
  const locale = ref<Locale>(savedLocale())
  const i18n = useI18n({ useScope: 'global' })
  setApiLanguage(locale.value)

  async function set(next: Locale): Promise<void> {
    locale.value = next
    for (const [name, messages] of Object.entries(await loadMessages(next))) {
      if (!i18n.availableLocales.includes(name)) i18n.setLocaleMessage(name, messages)
    }
    if (locale.value !== next) return // chosen again while the messages were loading
    i18n.locale.value = next
    setApiLanguage(next)
    rememberLocale(next)
  }

  return { locale, set }
})
