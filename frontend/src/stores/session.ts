import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { ApiError, setCsrfToken } from '@/api/client'
import type { Me, Role, User } from '@/api/contract'
import { getMe, login as apiLogin, logout as apiLogout } from '@/api/resources'

/**
 * A hint (not a secret: the session cookie is HttpOnly) that this browser has signed in, so a
 * visitor who never did goes straight to sign-in instead of asking /auth/me for a 401.
 */
const HINT_KEY = 'skriptoteket.signedIn'
const hint = {
  get: () => globalThis.localStorage?.getItem(HINT_KEY) === '1',
  set: (on: boolean) =>
    on ? globalThis.localStorage?.setItem(HINT_KEY, '1') : globalThis.localStorage?.removeItem(HINT_KEY),
}

const RANK: Record<Role, number> = { user: 0, contributor: 1, admin: 2, superuser: 3 }

export function roleAtLeast(role: Role | undefined, needed: Role): boolean {
  return role !== undefined && RANK[role] >= RANK[needed]
}

/** The signed-in user; the one piece of state every view shares. */
export const useSession = defineStore('session', () => {
  const user = ref<User | null>(null)
  const checked = ref(false)

  function accept(me: Me): void {
    user.value = me.user
    setCsrfToken(me.csrf_token)
    hint.set(true)
    checked.value = true
  }

  function forget(): void {
    user.value = null
    setCsrfToken(null)
    hint.set(false)
  }

  /** Ask the server once who we are; a 401 just means "not signed in". */
  async function load(): Promise<void> {
    if (checked.value) return
    if (!hint.get()) {
      checked.value = true
      return
    }
    try {
      accept(await getMe())
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401) throw error
      forget()
    } finally {
      checked.value = true
    }
  }

  async function login(email: string, password: string): Promise<void> {
    accept(await apiLogin(email, password))
  }

  async function logout(): Promise<void> {
    try {
      await apiLogout()
    } finally {
      forget()
    }
  }

  const role = computed(() => user.value?.role)
  const can = (needed: Role) => roleAtLeast(role.value, needed)

  return { user, checked, role, can, load, login, logout, forget, accept }
})
