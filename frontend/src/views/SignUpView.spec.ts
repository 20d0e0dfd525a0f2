import { afterEach, describe, expect, it, vi } from 'vitest'
import { mountWithApp } from '@/test/mount'
import SignUpView from './SignUpView.vue'

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })

function serve(domains: string[]): { key: string; body: string }[] {
  const sent: { key: string; body: string }[] = []
  vi.stubGlobal(
    'fetch',
    vi.fn(async (request: Request) => {
      const key = `${request.method} ${new URL(request.url).pathname}`
      sent.push({ key, body: request.method === 'GET' ? '' : await request.clone().text() })
      if (key === 'GET /api/v1/auth/signup') return json({ domains })
      if (key === 'POST /api/v1/auth/signup') {
        const { email } = JSON.parse(await request.clone().text())
        if (!String(email).endsWith('@skola.se'))
          return json({ code: 'signup_closed', detail: 'Det går inte att skapa ett konto själv med den adressen.' }, 403)
        return new Response(null, { status: 202 })
      }
      return json({ code: 'not_found', detail: 'no reply in the test' }, 404)
    }),
  )
  return sent
}

const mountView = () => mountWithApp(SignUpView, { global: { stubs: { RouterLink: true } } })

afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

describe('creating an account yourself', () => {
  it('names the open domains, mails the link and says where it went', async () => {
    const sent = serve(['skola.se'])
    const wrapper = mountView()
    await vi.waitFor(() => expect(wrapper.text()).toContain('@skola.se'))
    await wrapper.find('#signup-email').setValue('ny.larare@skola.se')
    await wrapper.find('form').trigger('submit')
    await vi.waitFor(() => expect(wrapper.find('[role=status]').text()).toContain('ny.larare@skola.se'))
    expect(JSON.parse(sent.find((s) => s.key === 'POST /api/v1/auth/signup')!.body)).toEqual({
      email: 'ny.larare@skola.se',
      language: 'sv',
    })
  })

  it('shows the server’s refusal in words for another domain', async () => {
    serve(['skola.se'])
    const wrapper = mountView()
    await vi.waitFor(() => expect(wrapper.find('form').exists()).toBe(true))
    await wrapper.find('#signup-email').setValue('privat@gmail.com')
    await wrapper.find('form').trigger('submit')
    await vi.waitFor(() => expect(wrapper.text()).toContain('Det går inte att skapa ett konto själv'))
    expect(wrapper.find('[role=status]').exists()).toBe(false)
  })

  it('offers no form where only administrators create accounts', async () => {
    serve([])
    const wrapper = mountView()
    await vi.waitFor(() => expect(wrapper.text()).toContain('Be om en inbjudan'))
    expect(wrapper.find('form').exists()).toBe(false)
  })
})
