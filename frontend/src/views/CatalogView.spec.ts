import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createRouter, createWebHistory } from 'vue-router'
import { mountWithApp } from '@/test/mount'
import CatalogView from './CatalogView.vue'

const page = (items: unknown[]) => ({ items, total: items.length, limit: 100, offset: 0 })
const TOOL = { slug: 'betyg', title: 'Betyg per klass', summary: 'Sammanställer betyg.', professions: ['larare'], categories: [], is_favorite: false, updated_at: '' }
let urls: URL[] = []
let favoriteStatus = 204

beforeEach(() => {
  urls = []
  favoriteStatus = 204
  window.history.replaceState(null, '', '/')
  vi.stubGlobal(
    'fetch',
    vi.fn(async (request: Request) => {
      const url = new URL(request.url)
      urls.push(url)
      const body =
        url.pathname === '/api/v1/tools'
          ? page(url.searchParams.get('q') === 'inget' ? [] : [TOOL])
          : url.pathname === '/api/v1/professions'
            ? [{ slug: 'larare', label: 'Lärare' }]
            : url.pathname.endsWith('/favorite')
              ? null
              : []
      const status = url.pathname.endsWith('/favorite') ? favoriteStatus : 200
      if (status === 204) return new Response(null, { status })
      return new Response(JSON.stringify(status >= 400 ? { code: 'forbidden', detail: 'Du får inte ändra favoriter.' } : body), {
        status,
        headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' },
      })
    }),
  )
})
afterEach(() => {
  vi.unstubAllGlobals()
  vi.useRealTimers()
  document.body.innerHTML = ''
})

async function mountCatalog(path = '/verktyg') {
  const router = createRouter({ history: createWebHistory(), routes: [{ path: '/verktyg', component: CatalogView }, { path: '/verktyg/:slug', component: CatalogView }] })
  await router.push(path)
  const wrapper = mountWithApp(CatalogView, { global: { plugins: [router] } })
  await flushPromises()
  return { wrapper, router }
}

describe('the catalog', () => {
  it('searches as you type and keeps the search in the URL', async () => {
    const { wrapper, router } = await mountCatalog()
    expect(wrapper.find('.tool-card h3').text()).toBe('Betyg per klass')
    expect(wrapper.find('.tool-card').text()).toContain('Lärare')
    await wrapper.find('#catalog-q').setValue('inget')
    await vi.waitFor(() => expect(router.currentRoute.value.query.q).toBe('inget'), { timeout: 2000 })
    await flushPromises()
    expect(urls.at(-1)!.searchParams.get('q')).toBe('inget')
    expect(wrapper.text()).toContain('Inga verktyg matchar.')
    // no hits offers a suggestion, started with what was searched for
    const suggest = wrapper.get('[data-testid=no-hits] a')
    expect(suggest.text()).toBe('Föreslå ett verktyg')
    expect(suggest.attributes('href')).toBe('/forslag?titel=inget')
  })

  it('starts from the URL: search, profession and favorites', async () => {
    const { wrapper } = await mountCatalog('/verktyg?q=betyg&profession=larare&favorites=true')
    const call = urls.find((u) => u.pathname === '/api/v1/tools')!
    expect(call.searchParams.get('q')).toBe('betyg')
    expect(call.searchParams.getAll('profession')).toEqual(['larare'])
    expect(call.searchParams.get('favorites')).toBe('true')
    expect((wrapper.find('#catalog-q').element as HTMLInputElement).value).toBe('betyg')
  })

  it('toggles a favorite at once and undoes it when the server refuses', async () => {
    const { wrapper } = await mountCatalog()
    const star = () => wrapper.find('button.star')
    await star().trigger('click')
    expect(star().attributes('aria-pressed')).toBe('true')
    expect(star().attributes('aria-label')).toBe('Ta bort Betyg per klass från favoriter')
    favoriteStatus = 403
    await star().trigger('click')
    await flushPromises()
    expect(star().attributes('aria-pressed')).toBe('true')
    expect(wrapper.find('[role=alert]').text()).toBe('Du får inte ändra favoriter.')
  })
})
