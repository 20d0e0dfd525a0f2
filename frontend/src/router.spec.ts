import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import App from './App.vue'
import { listTools } from './api/resources'
import { makeI18n } from './i18n'
import { makeRouter, safeNext } from './router'
import { useSession } from './stores/session'

const USER = { id: 'u1', email: 'a@skola.se', display_name: 'Anna', role: 'user' as const, is_active: true, created_at: '', last_login_at: null, language: 'sv' as const, must_change_password: false }
const problem401 = () =>
  new Response(JSON.stringify({ code: 'unauthenticated', detail: 'Sign in.' }), { status: 401, headers: { 'Content-Type': 'application/problem+json' } })

beforeEach(() => {
  window.scrollTo = () => undefined // jsdom has no layout
  setActivePinia(createPinia())
  localStorage.clear()
  window.history.replaceState(null, '', '/')
})
afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

describe('navigation', () => {
  it('sends a visitor to sign in, remembering where they were going', async () => {
    const router = makeRouter()
    await router.push('/verktyg?q=betyg')
    expect(router.currentRoute.value.name).toBe('sign-in')
    expect(router.currentRoute.value.query.next).toBe('/verktyg?q=betyg')
  })

  it('only ever returns to a path inside the app after sign-in', () => {
    expect(safeNext('/verktyg/betyg')).toBe('/verktyg/betyg')
    expect(safeNext('//evil.example/x')).toBe('/')
    expect(safeNext('https://evil.example')).toBe('/')
    expect(safeNext(['/a', '/b'])).toBe('/')
  })

  it('returns to sign-in when the session ends mid-use, keeping the page', async () => {
    const router = makeRouter()
    const session = useSession()
    session.accept({ user: USER, csrf_token: 'c' })
    await router.push('/korningar?status=failed')
    vi.stubGlobal('fetch', vi.fn(async () => problem401()))
    await expect(listTools({})).rejects.toMatchObject({ status: 401 })
    await flushPromises()
    expect(router.currentRoute.value.name).toBe('sign-in')
    expect(router.currentRoute.value.query).toMatchObject({ next: '/korningar?status=failed', ended: '1' })
    expect(session.user).toBeNull()
  })

  it('explains a 403 in words when the role is too low, keeping the address', async () => {
    const pinia = createPinia()
    setActivePinia(pinia)
    const router = makeRouter()
    useSession().accept({ user: USER, csrf_token: 'c' })
    vi.stubGlobal('fetch', vi.fn(async () => new Response('[]', { status: 200, headers: { 'Content-Type': 'application/json' } })))
    const wrapper = mount(App, { attachTo: document.body, global: { plugins: [pinia, makeI18n('sv'), router] } })
    await router.push('/granskning')
    await flushPromises()
    expect(router.currentRoute.value.fullPath).toBe('/granskning')
    const forbidden = wrapper.find('[data-testid=forbidden]')
    expect(forbidden.text()).toContain('Sidan kräver rollen administratör. Du är inloggad som användare.')
    // and the menu offers only what the role may use
    expect(wrapper.find('nav').text()).not.toContain('Granskning')
  })
})
