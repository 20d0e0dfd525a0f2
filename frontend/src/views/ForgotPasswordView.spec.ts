import { afterEach, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import { mountWithApp } from '@/test/mount'
import ForgotPasswordView from './ForgotPasswordView.vue'

afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

it('takes the address from the sign-in page, mails the link and says so', async () => {
  const sent: string[] = []
  vi.stubGlobal(
    'fetch',
    vi.fn(async (request: Request) => {
      sent.push(`${request.method} ${new URL(request.url).pathname} ${await request.clone().text()}`)
      return new Response(null, { status: 202 })
    }),
  )
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:any(.*)', component: ForgotPasswordView }] })
  await router.push('/glomt-losenord?email=karin%40skola.se')
  const wrapper = mountWithApp(ForgotPasswordView, { global: { plugins: [router] } })
  expect((wrapper.find('#forgot-email').element as HTMLInputElement).value).toBe('karin@skola.se')
  await wrapper.find('form').trigger('submit')
  await vi.waitFor(() => expect(wrapper.find('[role=status]').text()).toContain('karin@skola.se'))
  expect(sent).toEqual(['POST /api/v1/auth/password-reset {"email":"karin@skola.se"}'])
})
