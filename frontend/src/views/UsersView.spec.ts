import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { User } from '@/api/contract'
import { mountWithApp } from '@/test/mount'
import UsersView from './UsersView.vue'

const KARIN: User = {
  id: 'u1',
  email: 'karin@skola.se',
  display_name: 'Karin Lind',
  role: 'user',
  is_active: true,
  created_at: '2026-11-27T08:00:00Z',
  last_login_at: null,
  language: 'sv',
  must_change_password: false,
}

let sent: { key: string; body: string }[] = []
const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })

beforeEach(() => {
  sent = []
  vi.stubGlobal(
    'fetch',
    vi.fn(async (request: Request) => {
      const key = `${request.method} ${new URL(request.url).pathname}`
      sent.push({ key, body: request.method === 'GET' ? '' : await request.clone().text() })
      if (key === 'GET /api/v1/users') return json({ items: [KARIN], total: 1, limit: 50, offset: 0 })
      if (key === 'GET /api/v1/invitations') return json([])
      if (key === 'POST /api/v1/invitations')
        return json({ invitation: { id: 'i1', email: 'ny@skola.se', role: 'contributor', language: 'sv', created_at: '2026-12-05T08:00:00Z', expires_at: '2026-12-12T08:00:00Z', invited_by: null }, url: 'http://x/inbjudan?token=t' }, 201)
      if (key === 'POST /api/v1/users/u1/temporary-password') return json({ password: 'Hemligt-Ord-14' }, 201)
      if (key === 'POST /api/v1/users/u1/erase') return json({ user_id: 'u1', removed: { runs_blanked: 3 } })
      return json({ code: 'not_found', detail: 'no reply in the test' }, 404)
    }),
  )
})
afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

describe('erasing a user', () => {
  it('offers the export and erases only once the name is typed exactly', async () => {
    const wrapper = mountWithApp(UsersView)
    await vi.waitFor(() => expect(wrapper.text()).toContain('Karin Lind'))
    expect(wrapper.find('a[href="/api/v1/users/u1/export"]').exists()).toBe(true)

    const eraseButton = wrapper.findAll('button').find((b) => b.text().startsWith('Radera'))!
    await eraseButton.trigger('click')
    const dialog = wrapper.find('[data-testid=erase-dialog]')
    expect(dialog.text()).toContain('Radera Karin Lind')
    const confirm = dialog.find('button[type=submit]')
    await dialog.find('#erase-confirm').setValue('Karin')
    expect(confirm.attributes('disabled')).toBeDefined()
    await dialog.find('#erase-confirm').setValue('Karin Lind')
    expect(confirm.attributes('disabled')).toBeUndefined()
    await dialog.find('form').trigger('submit')
    await vi.waitFor(() => expect(wrapper.text()).toContain('Karin Lind är raderad.'))
    const post = sent.find((s) => s.key === 'POST /api/v1/users/u1/erase')
    expect(JSON.parse(post!.body)).toEqual({ confirm: 'Karin Lind' })
  })
})

describe('inviting and temporary passwords', () => {
  it('posts {email, role} from the invite form and confirms next to the button', async () => {
    const wrapper = mountWithApp(UsersView)
    await vi.waitFor(() => expect(wrapper.text()).toContain('Karin Lind'))
    const form = wrapper.find('[data-testid=invite-form]')
    await form.find('#invite-email').setValue(' ny@skola.se ')
    await form.find('#invite-role').setValue('contributor')
    await form.trigger('submit')
    await vi.waitFor(() => expect(form.text()).toContain('En inbjudan är skickad till ny@skola.se.'))
    const post = sent.find((s) => s.key === 'POST /api/v1/invitations')
    expect(JSON.parse(post!.body)).toMatchObject({ email: 'ny@skola.se', role: 'contributor' })
    expect(sent.filter((s) => s.key === 'GET /api/v1/invitations')).toHaveLength(2)
  })

  it('shows a temporary password once', async () => {
    vi.stubGlobal('confirm', () => true)
    const wrapper = mountWithApp(UsersView)
    await vi.waitFor(() => expect(wrapper.text()).toContain('Karin Lind'))
    const button = wrapper.findAll('button').find((b) => b.text().startsWith('Tillfälligt lösenord'))!
    await button.trigger('click')
    await vi.waitFor(() => expect(wrapper.find('[data-testid=temp-password-secret]').text()).toBe('Hemligt-Ord-14'))
    expect(wrapper.find('[data-testid=temp-password]').text()).toContain('Karin Lind')
  })
})
