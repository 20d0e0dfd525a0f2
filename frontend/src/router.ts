import { createRouter, createWebHistory, type RouteLocationNormalized, type Router } from 'vue-router'
import type { Role } from '@/api/contract'
import { onUnauthenticated } from '@/api/client'
import { useSession } from '@/stores/session'

declare module 'vue-router' {
  interface RouteMeta {
    /** anyone may see the page without signing in */
    public?: boolean
    /** the least role that may see the page; the shell explains a 403 otherwise */
    role?: Role
  }
}

// Paths are Swedish in every language so links stay stable. Every view is its own chunk.
export const routes = [
  { path: '/logga-in', name: 'sign-in', component: () => import('@/views/SignInView.vue'), meta: { public: true } },
  { path: '/glomt-losenord', name: 'forgot-password', component: () => import('@/views/ForgotPasswordView.vue'), meta: { public: true } },
  { path: '/skapa-konto', name: 'sign-up', component: () => import('@/views/SignUpView.vue'), meta: { public: true } },
  { path: '/inbjudan', name: 'invitation', component: () => import('@/views/AcceptInvitationView.vue'), meta: { public: true } },
  { path: '/byt-losenord', name: 'change-password', component: () => import('@/views/ChangePasswordView.vue') },
  { path: '/aterstall-losenord', name: 'reset-password', component: () => import('@/views/ResetPasswordView.vue'), meta: { public: true } },
  { path: '/', name: 'home', component: () => import('@/views/HomeView.vue') },
  { path: '/verktyg', name: 'catalog', component: () => import('@/views/CatalogView.vue') },
  { path: '/verktyg/:slug', name: 'tool', component: () => import('@/views/ToolView.vue'), props: true },
  { path: '/korningar', name: 'runs', component: () => import('@/views/RunsView.vue') },
  { path: '/korningar/:id', name: 'run', component: () => import('@/views/RunView.vue'), props: true },
  { path: '/konto', name: 'account', component: () => import('@/views/AccountView.vue') },
  { path: '/forslag', name: 'suggestions', component: () => import('@/views/SuggestionsView.vue') },
  { path: '/mina-verktyg', name: 'my-tools', component: () => import('@/views/MyToolsView.vue'), meta: { role: 'contributor' as Role } },
  {
    path: '/mina-verktyg/:slug',
    name: 'editor',
    component: () => import('@/views/EditorView.vue'),
    props: true,
    meta: { role: 'contributor' as Role },
  },
  {
    path: '/mina-verktyg/:slug/installningar',
    name: 'tool-settings',
    component: () => import('@/views/ToolSettingsView.vue'),
    props: true,
    meta: { role: 'contributor' as Role },
  },
  { path: '/hjalp', name: 'help', component: () => import('@/views/HelpView.vue'), meta: { role: 'contributor' as Role } },
  { path: '/granskning', name: 'review', component: () => import('@/views/ReviewView.vue'), meta: { role: 'admin' as Role } },
  { path: '/admin/anvandare', name: 'users', component: () => import('@/views/UsersView.vue'), meta: { role: 'admin' as Role } },
  { path: '/admin/integritet', name: 'privacy', component: () => import('@/views/AdminPrivacyView.vue'), meta: { role: 'admin' as Role } },
  { path: '/admin/korningar', name: 'all-runs', component: () => import('@/views/AdminRunsView.vue'), meta: { role: 'admin' as Role } },
  { path: '/admin/statistik', name: 'stats', component: () => import('@/views/StatsView.vue'), meta: { role: 'admin' as Role } },
  { path: '/admin/webhooks', name: 'webhooks', component: () => import('@/views/WebhooksView.vue'), meta: { role: 'admin' as Role } },
  { path: '/admin/logg', name: 'audit', component: () => import('@/views/AuditView.vue'), meta: { role: 'admin' as Role } },
  {
    path: '/admin/forslag',
    name: 'admin-suggestions',
    component: () => import('@/views/AdminSuggestionsView.vue'),
    meta: { role: 'admin' as Role },
  },
  { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('@/views/NotFoundView.vue'), meta: { public: true } },
]

/** Where to go after signing in: only a path inside the app, never another origin. */
export function safeNext(value: unknown): string {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') ? value : '/'
}

export function makeRouter(): Router {
  const router = createRouter({
    history: createWebHistory(),
    routes,
    scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 },
  })

  router.beforeEach(async (to: RouteLocationNormalized) => {
    const session = useSession()
    if (!session.checked) {
      try {
        await session.load()
      } catch {
        // the server is unreachable; let the page show its own error
      }
    }
    // A temporary password from an admin: nothing else until the user has chosen their own.
    if (session.user?.must_change_password && to.name !== 'change-password' && !to.meta.public) {
      return { name: 'change-password', query: { next: to.fullPath } }
    }
    if (to.meta.public || session.user) return true
    return { name: 'sign-in', query: { next: to.fullPath } }
  })

  // A 401 from any call after sign-in: the session ended. Sign in again, then come back here.
  onUnauthenticated(() => {
    const session = useSession()
    session.forget()
    const current = router.currentRoute.value
    if (current.name !== 'sign-in') {
      void router.push({ name: 'sign-in', query: { next: current.fullPath, ended: '1' } })
    }
  })

  return router
}
