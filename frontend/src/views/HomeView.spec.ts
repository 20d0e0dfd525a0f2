import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createRouter, createWebHistory } from 'vue-router'
import { mountWithApp } from '@/test/mount'
import HomeView from './HomeView.vue'

const TOOL = { slug: 'betyg', title: 'Betyg per klass', summary: 'Sammanställer betyg.', professions: [], categories: [], is_favorite: false, updated_at: '' }
const page = (items: unknown[]) => ({ items, total: items.length, limit: 6, offset: 0 })
let popular: unknown[] = []

beforeEach(() => {
  vi.stubGlobal(
    'fetch',
    vi.fn(async (request: Request) => {
      const url = new URL(request.url)
      const body =
        url.pathname === '/api/v1/popular-tools'
          ? { items: popular }
          : url.pathname === '/api/v1/me/recent-tools'
            ? { items: [] }
            : page(url.searchParams.get('favorites') === 'true' ? [] : [TOOL])
      return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } })
    }),
  )
})
afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

async function mountHome() {
  const router = createRouter({ history: createWebHistory(), routes: [{ path: '/', component: HomeView }, { path: '/:any(.*)', component: HomeView }] })
  await router.push('/')
  const wrapper = mountWithApp(HomeView, { global: { plugins: [router] } })
  await flushPromises()
  return wrapper
}

describe('the home page on a first visit', () => {
  it('shows the most used tools, not just a search box', async () => {
    popular = [{ slug: 'namnlista', title: 'Namnlista', summary: 'Rensa en namnlista.', is_favorite: false }]
    const wrapper = await mountHome()
    const section = wrapper.get('[data-testid=popular]')
    expect(section.get('h2').text()).toBe('Mest använda')
    expect(section.get('a').text()).toBe('Namnlista')
    expect(section.get('a').attributes('href')).toBe('/verktyg/namnlista')
  })

  it('offers the catalog’s first tools while nothing has been used yet', async () => {
    popular = []
    const wrapper = await mountHome()
    const section = wrapper.get('[data-testid=popular]')
    expect(section.get('h2').text()).toBe('Verktyg att börja med')
    expect(section.get('a').text()).toBe('Betyg per klass')
  })
})
