/**
 * One function per API operation the SPA uses, grouped by resource. Every call goes through
 * the typed `api` (paths and shapes from openapi.json) and `call` (problem+json to ApiError).
 */
import { api, apiLanguage, call } from './client'
import type { components, paths } from './schema'

type Schemas = components['schemas']

/** A multipart body as built (FormData), sent as is: the browser sets the boundary. */
const formBody = (form: FormData) => ({ body: {}, bodySerializer: () => form })
const tool = (slug: string) => ({ params: { path: { slug } } })
const run = (run_id: string) => ({ params: { path: { run_id } } })

// auth and accounts
export const getMe = () => call(api.GET('/api/v1/auth/me'))
export const login = (email: string, password: string) =>
  call(api.POST('/api/v1/auth/login', { body: { email, password } }))
export const logout = () => call(api.POST('/api/v1/auth/logout'))
/** A password change revokes my access tokens unless `keep_tokens`. */
export const changePassword = (current_password: string, new_password: string, keep_tokens = false) =>
  call(api.POST('/api/v1/auth/password', { body: { current_password, new_password, keep_tokens } }))
export const listTokens = () => call(api.GET('/api/v1/auth/tokens'))
export type TokenScope = NonNullable<Schemas['CreateTokenRequest']['scopes']>[number]
export const createToken = (name: string, expires_at: string | null, scopes?: TokenScope[]) =>
  call(api.POST('/api/v1/auth/tokens', { body: { name, expires_at, ...(scopes ? { scopes } : {}) } }))
export const revokeToken = (token_id: string) =>
  call(api.DELETE('/api/v1/auth/tokens/{token_id}', { params: { path: { token_id } } }))
export const listOidcProviders = () => call(api.GET('/api/v1/auth/oidc/providers'))
export const listSsoDomains = () => call(api.GET('/api/v1/sso-domains'))
export const requireSso = (domain: string, provider_id: string) =>
  call(api.PUT('/api/v1/sso-domains/{domain}', { params: { path: { domain } }, body: { provider_id } }))
export const stopRequiringSso = (domain: string) =>
  call(api.DELETE('/api/v1/sso-domains/{domain}', { params: { path: { domain } } }))

// users and audit
type UsersQuery = NonNullable<paramsOf<'/api/v1/users', 'get'>>
export const listUsers = (query: UsersQuery) => call(api.GET('/api/v1/users', { params: { query } }))
export const createUser = (body: Schemas['CreateUserRequest']) => call(api.POST('/api/v1/users', { body }))
export const updateUser = (user_id: string, body: Schemas['UpdateUserRequest']) =>
  call(api.PATCH('/api/v1/users/{user_id}', { params: { path: { user_id } }, body }))
type AuditQuery = NonNullable<paramsOf<'/api/v1/audit-events', 'get'>>
export const listAuditEvents = (query: AuditQuery) => call(api.GET('/api/v1/audit-events', { params: { query } }))
/** A plain link (GET with the session cookie): the browser saves the CSV. */
export const auditExportUrl = (query: Omit<AuditQuery, 'limit' | 'offset'>) => {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, String(value))
  return `/api/v1/audit-events/export?${params.toString()}`
}
export const getUsageStats = (query: NonNullable<paramsOf<'/api/v1/stats/usage', 'get'>> = {}) =>
  call(api.GET('/api/v1/stats/usage', { params: { query } }))

// catalog
export const listProfessions = () => call(api.GET('/api/v1/professions'))
export const listCategories = () => call(api.GET('/api/v1/categories'))
export const listTools = (query: NonNullable<paramsOf<'/api/v1/tools', 'get'>>) =>
  call(api.GET('/api/v1/tools', { params: { query } }))
export const listRecentTools = (limit = 6) =>
  call(api.GET('/api/v1/me/recent-tools', { params: { query: { limit } } }))
/** The tools most people used lately (any user): a first visit's home page starts from them. */
export const listPopularTools = (limit = 6) =>
  call(api.GET('/api/v1/popular-tools', { params: { query: { limit } } }))
export const getTool = (slug: string) => call(api.GET('/api/v1/tools/{slug}', tool(slug)))
export const setFavorite = (slug: string, on: boolean) =>
  on
    ? call(api.PUT('/api/v1/tools/{slug}/favorite', tool(slug)))
    : call(api.DELETE('/api/v1/tools/{slug}/favorite', tool(slug)))
/** The active version's examples (inputs, expected, files with a download_url each). */
export const listExamples = (slug: string, version?: number) =>
  call(api.GET('/api/v1/tools/{slug}/examples', { params: { path: { slug }, query: { version } } }))
export const getSettings = (slug: string) => call(api.GET('/api/v1/tools/{slug}/settings', tool(slug)))
export const saveSettings = (slug: string, values: Record<string, unknown>) =>
  call(api.PUT('/api/v1/tools/{slug}/settings', { ...tool(slug), body: { values } }))
export const getLimits = () => call(api.GET('/api/v1/limits'))
export const getSystemStatus = () => call(api.GET('/api/v1/system/status'))

// authoring and governance
export const listMyTools = () => call(api.GET('/api/v1/authoring/tools', { params: { query: { limit: 200 } } }))
export const createTool = (body: Schemas['CreateToolRequest']) => call(api.POST('/api/v1/tools', { body }))
export const listVersions = (slug: string) =>
  call(api.GET('/api/v1/tools/{slug}/versions', { params: { path: { slug }, query: { limit: 200 } } }))
const version = (slug: string, number: number) => ({ params: { path: { slug, number } } })
export const getVersion = (slug: string, number: number) =>
  call(api.GET('/api/v1/tools/{slug}/versions/{number}', version(slug, number)))
/** The server validates the manifest and reports every problem at its JSON path. */
export const saveVersion = (slug: string, body: Schemas['SaveVersionRequest']) =>
  call(api.POST('/api/v1/tools/{slug}/versions', { ...tool(slug), body }))
export const listReviews = (query: NonNullable<paramsOf<'/api/v1/reviews', 'get'>> = {}) =>
  call(api.GET('/api/v1/reviews', { params: { query } }))
export const submitVersion = (slug: string, number: number) =>
  call(api.POST('/api/v1/tools/{slug}/versions/{number}/submit', version(slug, number)))
/** One sandbox run per example of the version; each says `expected_met` once it has ended. */
export const startExampleRuns = (slug: string, number: number) =>
  call(api.POST('/api/v1/tools/{slug}/versions/{number}/example-runs', version(slug, number)))
export const listExampleRuns = (slug: string, number: number) =>
  call(api.GET('/api/v1/tools/{slug}/versions/{number}/example-runs', version(slug, number)))
export const publishVersion = (slug: string, number: number) =>
  call(api.POST('/api/v1/tools/{slug}/versions/{number}/publish', version(slug, number)))
export const requestChanges = (slug: string, number: number, note: string) =>
  call(api.POST('/api/v1/tools/{slug}/versions/{number}/request-changes', { ...version(slug, number), body: { note } }))
export const setListed = (slug: string, listed: boolean) =>
  listed
    ? call(api.POST('/api/v1/tools/{slug}/republish', tool(slug)))
    : call(api.POST('/api/v1/tools/{slug}/depublish', tool(slug)))
export const updateTool = (slug: string, body: Schemas['UpdateToolRequest']) =>
  call(api.PATCH('/api/v1/tools/{slug}', { ...tool(slug), body }))
export const rollbackVersion = (slug: string, number: number) =>
  call(api.POST('/api/v1/tools/{slug}/versions/{number}/rollback', version(slug, number)))
export const listMaintainers = (slug: string) => call(api.GET('/api/v1/tools/{slug}/maintainers', tool(slug)))
export const findMaintainerCandidates = (slug: string, q: string) =>
  call(api.GET('/api/v1/tools/{slug}/maintainers/candidates', { params: { path: { slug }, query: { q } } }))
const maintainer = (slug: string, user_id: string) => ({ params: { path: { slug, user_id } } })
export const addMaintainer = (slug: string, userId: string) =>
  call(api.PUT('/api/v1/tools/{slug}/maintainers/{user_id}', maintainer(slug, userId)))
export const removeMaintainer = (slug: string, userId: string) =>
  call(api.DELETE('/api/v1/tools/{slug}/maintainers/{user_id}', maintainer(slug, userId)))
/** The editor's autosave; 404 `no_working_copy` when there are no unsaved edits. */
export const getWorkingCopy = (slug: string) => call(api.GET('/api/v1/tools/{slug}/working-copy', tool(slug)))
export const saveWorkingCopy = (slug: string, body: Schemas['WorkingCopyRequest']) =>
  call(api.PUT('/api/v1/tools/{slug}/working-copy', { ...tool(slug), body }))
export const discardWorkingCopy = (slug: string) => call(api.DELETE('/api/v1/tools/{slug}/working-copy', tool(slug)))
/** The unsaved code: a part `snapshot` ({manifest, files}) first, then `inputs` and the files. */
export const sandboxRun = (slug: string, form: FormData) =>
  call(api.POST('/api/v1/tools/{slug}/sandbox-runs', { ...tool(slug), ...formBody(form) }))

// suggestions
export const listSuggestions = (query: NonNullable<paramsOf<'/api/v1/suggestions', 'get'>> = {}) =>
  call(api.GET('/api/v1/suggestions', { params: { query } }))
export const createSuggestion = (body: Schemas['NewSuggestionRequest']) => call(api.POST('/api/v1/suggestions', { body }))
const suggestion = (suggestion_id: string) => ({ params: { path: { suggestion_id } } })
export const acceptSuggestion = (id: string, body: Schemas['AcceptSuggestionRequest']) =>
  call(api.POST('/api/v1/suggestions/{suggestion_id}/accept', { ...suggestion(id), body }))
export const declineSuggestion = (id: string, reason: string) =>
  call(api.POST('/api/v1/suggestions/{suggestion_id}/decline', { ...suggestion(id), body: { reason } }))

// runs and sessions
/** A part `inputs` (JSON) and one part per file, named after its file field. */
export const startRun = (slug: string, form: FormData) =>
  call(api.POST('/api/v1/tools/{slug}/runs', { ...tool(slug), ...formBody(form) }))
export const listRuns = (query: NonNullable<paramsOf<'/api/v1/runs', 'get'>>) =>
  call(api.GET('/api/v1/runs', { params: { query } }))
export const getRun = (id: string) => call(api.GET('/api/v1/runs/{run_id}', run(id)))
export const cancelRun = (id: string) => call(api.POST('/api/v1/runs/{run_id}/cancel', run(id)))
const session = (session_id: string) => ({ params: { path: { session_id } } })
export const getSession = (id: string) => call(api.GET('/api/v1/sessions/{session_id}', session(id)))
/** A part `action` ({action_id, input, expected_state_rev}) first, then the files. */
export const startAction = (sessionId: string, form: FormData) =>
  call(api.POST('/api/v1/sessions/{session_id}/actions', { ...session(sessionId), ...formBody(form) }))
/** A stored file (an example's, a session's) as a File to put into a form again. */
export async function fetchFile(url: string, name: string): Promise<File> {
  const response = await fetch(url, { credentials: 'same-origin' })
  if (!response.ok) throw new Error(`${response.status}`)
  const blob = await response.blob()
  return new File([blob], name, { type: blob.type })
}
/** Server-Sent Events (`event: run`): not an openapi-fetch call, EventSource opens it. */
/** EventSource cannot send Accept-Language: the language goes in the query. */
export const runEventsUrl = (id: string) => `/api/v1/runs/${encodeURIComponent(id)}/events?lang=${apiLanguage()}`

// the query parameters of a typed operation
type paramsOf<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  parameters: { query?: infer Q }
}
  ? Q
  : never

// privacy: a person's data
export const getRetention = () => call(api.GET('/api/v1/privacy/retention'))
export const requestErasure = () => call(api.POST('/api/v1/me/erasure-request'))
export const listErasureRequests = () => call(api.GET('/api/v1/erasure-requests'))
export const eraseUser = (user_id: string, confirm: string) =>
  call(api.POST('/api/v1/users/{user_id}/erase', { params: { path: { user_id } }, body: { confirm } }))
export const issuePasswordReset = (user_id: string) =>
  call(api.POST('/api/v1/users/{user_id}/password-reset', { params: { path: { user_id } } }))
export const unlockUser = (user_id: string) =>
  call(api.POST('/api/v1/users/{user_id}/unlock', { params: { path: { user_id } } }))
export const getSignup = () => call(api.GET('/api/v1/auth/signup'))
export const signUp = (email: string, language: 'sv' | 'en') =>
  call(api.POST('/api/v1/auth/signup', { body: { email, language } }))
export const requestPasswordReset = (email: string) =>
  call(api.POST('/api/v1/auth/password-reset', { body: { email } }))
export const updateProfile = (body: { display_name?: string; language?: 'sv' | 'en' }) =>
  call(api.PATCH('/api/v1/auth/me', { body }))
export const acceptInvitation = (token: string, display_name: string, password: string) =>
  call(api.POST('/api/v1/auth/invitations/accept', { body: { token, display_name, password } }))
export const listInvitations = () => call(api.GET('/api/v1/invitations'))
export const inviteUser = (email: string, role: Schemas['InviteRequest']['role'], language: 'sv' | 'en') =>
  call(api.POST('/api/v1/invitations', { body: { email, role, language } }))
export const revokeInvitation = (invitation_id: string) =>
  call(api.DELETE('/api/v1/invitations/{invitation_id}', { params: { path: { invitation_id } } }))
export const setTemporaryPassword = (user_id: string) =>
  call(api.POST('/api/v1/users/{user_id}/temporary-password', { params: { path: { user_id } } }))
export const confirmPasswordReset = (token: string, new_password: string) =>
  call(api.POST('/api/v1/auth/password-reset/confirm', { body: { token, new_password } }))
/** Plain links (GET with the session cookie): the browser saves the streamed ZIP. */
export const myExportUrl = '/api/v1/me/export'
export const userExportUrl = (user_id: string) => `/api/v1/users/${user_id}/export`

// webhooks (admins)
export const listWebhooks = () => call(api.GET('/api/v1/webhooks'))
export const createWebhook = (body: Schemas['CreateWebhookRequest']) => call(api.POST('/api/v1/webhooks', { body }))
export const deleteWebhook = (webhook_id: string) =>
  call(api.DELETE('/api/v1/webhooks/{webhook_id}', { params: { path: { webhook_id } } }))
export const listWebhookDeliveries = (webhook_id: string) =>
  call(api.GET('/api/v1/webhooks/{webhook_id}/deliveries', { params: { path: { webhook_id } } }))
export const redeliverWebhook = (webhook_id: string, delivery_id: string) =>
  call(
    api.POST('/api/v1/webhooks/{webhook_id}/deliveries/{delivery_id}/redeliver', {
      params: { path: { webhook_id, delivery_id } },
    }),
  )
