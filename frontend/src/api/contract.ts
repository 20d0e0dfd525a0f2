/**
 * The shapes the SPA draws. Identity, catalog and governance come from the generated schema
 * (openapi.json). Runs and sessions are written here from api.md and tool-contract.md until the
 * runs API is in openapi.json.
 */
import type { components } from './schema'

type Schemas = components['schemas']
export type User = Schemas['UserResponse']
export type Me = Schemas['MeResponse']
export type Role = User['role']
export type Problem = Schemas['Problem']
export type TokenInfo = Schemas['TokenResponse']
export type TokenCreated = Schemas['TokenCreatedResponse']
export type AuditEvent = Schemas['AuditEventResponse']

export type Taxon = Schemas['TaxonomyEntryResponse']
export type ToolSummary = Schemas['ToolSummaryResponse']
/** `manifest` is the active version's, null before the first publish. */
export type ToolDetail = Schemas['ToolDetailResponse']
export type Manifest = Schemas['Manifest']
export type AuthoringTool = Schemas['AuthoringToolResponse']
export type VersionSummary = Schemas['VersionSummaryResponse']
export type VersionState = VersionSummary['state']
export type Version = Schemas['VersionResponse']
export type Suggestion = Schemas['SuggestionResponse']
export type Limits = Schemas['Limits']

export type FieldKind =
  | 'string'
  | 'text'
  | 'integer'
  | 'number'
  | 'boolean'
  | 'enum'
  | 'multi_enum'
  | 'date'
  | 'file'

export interface FieldOption {
  value: string
  label: string
}

/**
 * One form field, as FormRenderer reads it: every generated field kind (StringField, FileField,
 * ...) is assignable to it, which the `fieldsFit` check below keeps true.
 */
export interface Field {
  name: string
  kind: FieldKind
  label: string
  help?: string | null
  required?: boolean
  default?: unknown
  placeholder?: string | null
  max_length?: number | null
  min?: number | string | null
  max?: number | string | null
  options?: FieldOption[] | null
  min_items?: number | null
  max_items?: number | null
  accept?: string[] | null
  min_files?: number | null
  max_files?: number | null
  max_bytes?: number | null
}

export type NoticeLevel = 'info' | 'success' | 'warning' | 'error'
export type ColumnType = 'text' | 'number' | 'integer' | 'boolean' | 'date'

export type Output =
  | { kind: 'notice'; level: NoticeLevel; message: string }
  | { kind: 'markdown'; markdown: string }
  | {
      kind: 'table'
      title?: string | null
      columns: { key: string; label: string; type?: ColumnType | null }[]
      rows: Record<string, unknown>[]
    }
  | { kind: 'json'; title?: string | null; value: unknown }
  | { kind: 'html'; html: string; height?: number | null }
  | { kind: 'file'; artifact: string; label?: string | null }
  | { kind: 'image'; artifact: string; alt: string }

export interface Action {
  id: string
  label: string
  fields: Field[]
  primary?: boolean | null
  confirm?: string | null
}

export interface Artifact {
  id: string
  name: string
  /** the artifact's path under /work/output, which `file` and `image` outputs refer to */
  path?: string
  bytes: number
  media_type: string
  download_url: string
}

export type RunStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'timed_out' | 'cancelled'
export const TERMINAL: readonly RunStatus[] = ['succeeded', 'failed', 'timed_out', 'cancelled']

export interface Run {
  id: string
  tool: { slug: string; title: string }
  version: number
  session_id: string
  mode: 'initial' | 'action'
  env: 'production' | 'sandbox'
  status: RunStatus
  error: { code: string; message: string } | null
  outputs: Output[]
  actions: Action[]
  artifacts: Artifact[]
  queued_at: string
  started_at: string | null
  finished_at: string | null
  /** people ahead in the queue, when the server tells */
  queue_position?: number | null
  logs?: { stdout: string; stderr: string } | null
}

export interface RunStarted {
  run: Run
  session_id: string
}

export interface Session {
  id: string
  tool: { slug: string; title: string }
  status: string
  state_rev: number
  pending_actions: Action[]
  files: { id: string; name: string; bytes: number; media_type: string }[]
  last_run_id: string | null
}

export interface Page<T> {
  items: T[]
  total: number
  limit: number
  offset: number
}

/** The upload limits the server enforces (GET /api/v1/limits: upload_*); these are its defaults. */
export interface UploadLimits {
  max_files: number
  max_file_bytes: number
  max_total_bytes: number
}

export const DEFAULT_UPLOAD_LIMITS: UploadLimits = {
  max_files: 20,
  max_file_bytes: 20 * 1024 * 1024,
  max_total_bytes: 50 * 1024 * 1024,
}

/** Compile-time check: every generated field kind reads as a `Field`. */
type GeneratedField = NonNullable<Manifest['inputs']>[number]
export const fieldsFit: GeneratedField extends Field ? true : never = true

export const fieldsOf = (manifest: Manifest | null | undefined, form: 'inputs' | 'settings'): Field[] =>
  manifest?.[form] ?? []
