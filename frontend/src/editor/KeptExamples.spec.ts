import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mountWithApp } from '@/test/mount'
import KeptExamples from './KeptExamples.vue'

const example = (name: string) => ({ case: name, inputs: {}, actions: [], expected: null, files: [] })

beforeEach(() => {
  vi.stubGlobal(
    'fetch',
    vi.fn(async (request: Request) => {
      const url = new URL(request.url)
      expect(url.pathname).toBe('/api/v1/tools/namnlista/examples')
      expect(url.searchParams.get('version')).toBe('4')
      return Response.json({ version: 4, items: [example('klass-7a'), example('tom-fil')] })
    }),
  )
})
afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

describe('the kept examples in the editor', () => {
  it('marks one removed for the next save, and keeps it again', async () => {
    const wrapper = mountWithApp(KeptExamples, { props: { slug: 'namnlista', version: 4, modelValue: [] as string[] } })
    await vi.waitFor(() => expect(wrapper.text()).toContain('Sparade med version 4:'))
    expect(wrapper.text()).toContain('klass-7a')
    await wrapper.get('[data-testid=remove-example-tom-fil]').trigger('click')
    expect(wrapper.emitted('update:modelValue')?.at(-1)).toEqual([['tom-fil']])
    await wrapper.setProps({ modelValue: ['tom-fil'] })
    expect(wrapper.get('[data-testid=examples-removed]').text()).toBe('Tas bort vid nästa sparning: tom-fil')
    const button = wrapper.get('[data-testid=remove-example-tom-fil]')
    expect(button.text()).toBe('Behåll')
    expect(button.attributes('aria-label')).toBe('Behåll exemplet tom-fil')
    await button.trigger('click')
    expect(wrapper.emitted('update:modelValue')?.at(-1)).toEqual([[]])
    wrapper.unmount()
  })
})
