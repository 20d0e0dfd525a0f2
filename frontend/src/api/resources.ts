/**
 * One function per API operation the SPA uses, grouped by resource. Identity calls are typed
 * by the generated schema; the others go through `pendingApi` with the contract types until
 * their branches land (see contract.ts).
 */
import { api, call, pendingApi } from './client'
import type {
  AuditEvent,
  AuthoringTool,
  Manifest,
  Me,
  Page,
  Run,
  RunStarted,
  Session,
  Suggestion,
  Taxon,
  TokenCreated,
  TokenInfo,
  ToolDetail,
  ToolSummary,
  UploadLimits,
  User,
  Version,
  VersionSummary,
} from './contract'

const get = <T>(path: string, query?: Record<string, unknown>) =>
  call(pendingApi.GET(path, query ? { params: { query } } : undefined)) as Promise<T>
const post = <T>(path: string, body?: unknown) =>
  call(pendingApi.POST(path, body === undefined ? undefined : { body })) as Promise<T>
const put = <T>(path: string, body?: unknown) =>
  call(pendingApi.PUT(path, body === undefined ? undefined : { body })) as Promise<T>
const patch = <T>(path: string, body: unknown) => call(pendingApi.PATCH(path, { body })) as Promise<T>
const del = (path: string) => call(pendingApi.DELETE(path)) as Promise<void>
const multipart = <T>(path: string, form: FormData) =>
  call(pendingApi.POST(path, { body: form, bodySerializer: (b: FormData) => b })) as Promise<T>
const seg = encodeURIComponent

// auth and accounts
export const getMe = () => call(api.GET('/api/v1/auth/me'))
export const login = (email: string, password: string) =>
  post<Me>('/api/v1/auth/login', { email, password })
export const logout = () => post<void>('/api/v1/auth/logout')
export const changePassword = (current_password: string, new_password: string) =>
  post<void>('/api/v1/auth/password', { current_password, new_password })
export const listTokens = () => get<TokenInfo[] | Page<TokenInfo>>('/api/v1/auth/tokens')
export const createToken = (name: string, expires_at: string | null) =>
  post<TokenCreated>('/api/v1/auth/tokens', expires_at ? { name, expires_at } : { name })
export const revokeToken = (id: string) => del(`/api/v1/auth/tokens/${seg(id)}`)

// users and audit
export const listUsers = (query: Record<string, unknown>) => get<Page<User>>('/api/v1/users', query)
export const createUser = (body: {
  email: string
  display_name: string
  role: string
  password: string
}) => post<User>('/api/v1/users', body)
export const updateUser = (id: string, body: Record<string, unknown>) =>
  patch<User>(`/api/v1/users/${seg(id)}`, body)
export const listAuditEvents = (query: Record<string, unknown>) =>
  get<Page<AuditEvent>>('/api/v1/audit-events', query)

// catalog
export const listProfessions = () => get<Taxon[] | Page<Taxon>>('/api/v1/professions')
export const listCategories = () => get<Taxon[] | Page<Taxon>>('/api/v1/categories')
export const listTools = (query: Record<string, unknown>) => get<Page<ToolSummary>>('/api/v1/tools', query)
export const getTool = (slug: string) => get<ToolDetail>(`/api/v1/tools/${seg(slug)}`)
export const setFavorite = (slug: string, on: boolean) =>
  on ? put<void>(`/api/v1/tools/${seg(slug)}/favorite`) : del(`/api/v1/tools/${seg(slug)}/favorite`)
export const getSettings = (slug: string) =>
  get<{ values: Record<string, unknown> } | Record<string, unknown>>(`/api/v1/tools/${seg(slug)}/settings`)
export const saveSettings = (slug: string, values: Record<string, unknown>) =>
  put<unknown>(`/api/v1/tools/${seg(slug)}/settings`, { values })
export const getLimits = () => get<{ uploads?: Partial<UploadLimits> } & Record<string, unknown>>('/api/v1/limits')

// authoring and governance
export const listMyTools = () => get<Page<AuthoringTool>>('/api/v1/authoring/tools')
export const createTool = (body: {
  slug: string
  title: string
  summary: string
  professions: string[]
  categories: string[]
}) => post<ToolDetail>('/api/v1/tools', body)
export const listVersions = (slug: string) =>
  get<VersionSummary[] | Page<VersionSummary>>(`/api/v1/tools/${seg(slug)}/versions`)
export const getVersion = (slug: string, n: number) =>
  get<Version>(`/api/v1/tools/${seg(slug)}/versions/${n}`)
export const saveVersion = (
  slug: string,
  body: { base_version: number | null; manifest: Manifest; files: Record<string, string>; change_summary: string },
) => post<VersionSummary>(`/api/v1/tools/${seg(slug)}/versions`, body)
export const versionTransition = (
  slug: string,
  n: number,
  step: 'submit' | 'publish' | 'request-changes',
  note?: string,
) => post<VersionSummary>(`/api/v1/tools/${seg(slug)}/versions/${n}/${step}`, note ? { note } : undefined)
export const setListed = (slug: string, listed: boolean) =>
  post<void>(`/api/v1/tools/${seg(slug)}/${listed ? 'republish' : 'depublish'}`)
export const sandboxRun = (slug: string, form: FormData) =>
  multipart<RunStarted>(`/api/v1/tools/${seg(slug)}/sandbox-runs`, form)

// suggestions
export const listSuggestions = (query: Record<string, unknown> = {}) =>
  get<Page<Suggestion>>('/api/v1/suggestions', query)
export const createSuggestion = (body: { title: string; description: string }) =>
  post<Suggestion>('/api/v1/suggestions', body)
export const decideSuggestion = (id: string, decision: 'accept' | 'decline', reason?: string) =>
  post<Suggestion>(`/api/v1/suggestions/${seg(id)}/${decision}`, reason ? { reason } : undefined)

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

/** Some list endpoints may answer a bare array or a Page; the SPA accepts both. */
export function itemsOf<T>(value: T[] | Page<T>): T[] {
  return Array.isArray(value) ? value : value.items
}
