import { createPinia, setActivePinia } from 'pinia'
import { mount, type ComponentMountingOptions } from '@vue/test-utils'
import type { Component } from 'vue'
import { makeI18n } from '@/i18n'
import en from '@/i18n/en'

/** Mount with the app's plugins (i18n in Swedish unless told, a fresh Pinia). */
export function mountWithApp<C extends Component>(component: C, options: ComponentMountingOptions<C> = {}, locale: 'sv' | 'en' = 'sv') {
  const pinia = createPinia()
  setActivePinia(pinia)
  return mount(component, {
    attachTo: document.body,
    ...options,
    global: { ...(options.global ?? {}), plugins: [makeI18n(locale, { en }), pinia, ...(options.global?.plugins ?? [])] },
  } as ComponentMountingOptions<C>)
}

export function fileOf(name: string, bytes: number, type = 'text/csv'): File {
  return new File([new Uint8Array(bytes)], name, { type })
}
