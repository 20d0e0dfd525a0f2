/**
 * One function per API operation the SPA uses, grouped by resource. Calls whose paths are in
 * openapi.json (identity) go through the typed `api`; catalog, governance, runs and sessions go
 * through `pendingApi` with the contract types until their branches land (see contract.ts).
 */
import { api, call, pendingApi } from './client'
import type {
  AuthoringTool,
  Page,
  Run,
  RunStarted,
  Session,
  Suggestion,
  Taxon,
  ToolDetail,
  ToolSummary,
  Version,
  VersionSummary,
} from './contract'
import type { components, paths } from './schema'

type Schemas = components['schemas']

const get = <T>(path: string, query?: Record<string, unknown>) =>
  call(pendingApi.GET(path, query ? { params: { query } } : undefined)) as Promise<T>
const put = <T>(path: string, body?: unknown) =>
  call(pendingApi.PUT(path, body === undefined ? undefined : { body })) as Promise<T>
const multipart = <T>(path: string, form: FormData) =>
  call(pendingApi.POST(path, { body: form, bodySerializer: (b: FormData) => b })) as Promise<T>
const del = (path: string) => call(pendingApi.DELETE(path)) as Promise<void>
const post = <T>(path: string, body?: unknown) =>
  call(pendingApi.POST(path, body === undefined ? undefined : { body })) as Promise<T>
const seg = encodeURIComponent

// auth and accounts
export const getMe = () => call(api.GET('/api/v1/auth/me'))
export const login = (email: string, password: string) =>
  call(api.POST('/api/v1/auth/login', { body: { email, password } }))
export const logout = () => call(api.POST('/api/v1/auth/logout'))
export const changePassword = (current_password: string, new_password: string) =>
  call(api.POST('/api/v1/auth/password', { body: { current_password, new_password } }))
export const listTokens = () => call(api.GET('/api/v1/auth/tokens'))
export const createToken = (name: string, expires_at: string | null) =>
  call(api.POST('/api/v1/auth/tokens', { body: { name, expires_at } }))
export const revokeToken = (token_id: string) =>
  call(api.DELETE('/api/v1/auth/tokens/{token_id}', { params: { path: { token_id } } }))

// users and audit
type UsersQuery = NonNullable<paramsOf<'/api/v1/users', 'get'>>
export const listUsers = (query: UsersQuery) => call(api.GET('/api/v1/users', { params: { query } }))
export const createUser = (body: Schemas['CreateUserRequest']) => call(api.POST('/api/v1/users', { body }))
export const updateUser = (user_id: string, body: Schemas['UpdateUserRequest']) =>
  call(api.PATCH('/api/v1/users/{user_id}', { params: { path: { user_id } }, body }))
export const listAuditEvents = (query: NonNullable<paramsOf<'/api/v1/audit-events', 'get'>>) =>
  call(api.GET('/api/v1/audit-events', { params: { query } }))

// catalog
export const listProfessions = () => get<Taxon[]>('/api/v1/professions')
export const listCategories = () => get<Taxon[]>('/api/v1/categories')
export const listTools = (query: {
  q?: string
  profession?: string[]
  category?: string[]
  favorites?: boolean
  limit?: number
  offset?: number
}) => get<Page<ToolSummary>>('/api/v1/tools', query)
export const getTool = (slug: string) => get<ToolDetail>(`/api/v1/tools/${seg(slug)}`)
export const setFavorite = (slug: string, on: boolean) =>
  on ? put<void>(`/api/v1/tools/${seg(slug)}/favorite`) : del(`/api/v1/tools/${seg(slug)}/favorite`)
export const getSettings = (slug: string) =>
  get<{ values?: Record<string, unknown> } & Record<string, unknown>>(`/api/v1/tools/${seg(slug)}/settings`)
export const saveSettings = (slug: string, values: Record<string, unknown>) =>
  put<unknown>(`/api/v1/tools/${seg(slug)}/settings`, { values })
export const getLimits = () => call(api.GET('/api/v1/limits'))

// authoring and governance
export const listMyTools = () => get<Page<AuthoringTool>>('/api/v1/authoring/tools', { limit: 200 })
export const createTool = (body: { slug: string; title: string; summary: string; professions: string[]; categories: string[] }) =>
  post<ToolDetail>('/api/v1/tools', body)
export const listVersions = (slug: string) => get<Page<VersionSummary>>(`/api/v1/tools/${seg(slug)}/versions`, { limit: 200 })
export const getVersion = (slug: string, number: number) => get<Version>(`/api/v1/tools/${seg(slug)}/versions/${number}`)
export const saveVersion = (
  slug: string,
  // the server validates the manifest and reports every problem at its JSON path
  body: { base_version: number; manifest: object; files: Record<string, string>; change_summary: string },
) => post<Version>(`/api/v1/tools/${seg(slug)}/versions`, body)
const versionStep = (slug: string, number: number, step: string, body?: unknown) =>
  post<VersionSummary>(`/api/v1/tools/${seg(slug)}/versions/${number}/${step}`, body)
export const submitVersion = (slug: string, number: number) => versionStep(slug, number, 'submit')
export const publishVersion = (slug: string, number: number) => versionStep(slug, number, 'publish')
export const requestChanges = (slug: string, number: number, note: string) =>
  versionStep(slug, number, 'request-changes', { note })
export const setListed = (slug: string, listed: boolean) =>
  post<ToolDetail>(`/api/v1/tools/${seg(slug)}/${listed ? 'republish' : 'depublish'}`)
export const sandboxRun = (slug: string, form: FormData) =>
  multipart<RunStarted>(`/api/v1/tools/${seg(slug)}/sandbox-runs`, form)

// suggestions
export const listSuggestions = (query: { status?: Suggestion['status']; limit?: number; offset?: number } = {}) =>
  get<Page<Suggestion>>('/api/v1/suggestions', query)
export const createSuggestion = (body: { title: string; description: string }) =>
  post<Suggestion>('/api/v1/suggestions', body)
export const acceptSuggestion = (id: string, body: { slug: string; title?: string }) =>
  post<Suggestion>(`/api/v1/suggestions/${seg(id)}/accept`, body)
export const declineSuggestion = (id: string, reason: string) =>
  post<Suggestion>(`/api/v1/suggestions/${seg(id)}/decline`, { reason })

// runs and sessions
export const startRun = (slug: string, form: FormData) =>
  multipart<RunStarted>(`/api/v1/tools/${seg(slug)}/runs`, form)
export const listRuns = (query: Record<string, unknown>) => get<Page<Run>>('/api/v1/runs', query)
export const getRun = (id: string) => get<Run>(`/api/v1/runs/${seg(id)}`)
export const cancelRun = (id: string) => post<Run>(`/api/v1/runs/${seg(id)}/cancel`)
export const getSession = (id: string) => get<Session>(`/api/v1/sessions/${seg(id)}`)
export const startAction = (sessionId: string, form: FormData) =>
  multipart<{ run: Run }>(`/api/v1/sessions/${seg(sessionId)}/actions`, form)
export const runEventsUrl = (id: string) => `/api/v1/runs/${seg(id)}/events`

// the query parameters of a typed operation
type paramsOf<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  parameters: { query?: infer Q }
}
  ? Q
  : never
