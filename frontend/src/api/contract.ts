/**
 * The shapes of the tool contract and the resources the SPA draws (api.md "Key shapes",
 * tool-contract.md). The identity shapes come from the generated schema; the rest are written
 * here from the design until the contract, catalog and queue branches put them in openapi.json,
 * at which point each alias below becomes `components['schemas'][...]`.
 */
import type { components } from './schema'

export type User = components['schemas']['UserResponse']
export type Me = components['schemas']['MeResponse']
export type Role = User['role']
export type Problem = components['schemas']['Problem']

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

export interface Manifest {
  contract: number
  entrypoint: string
  usage?: string | null
  inputs: Field[]
  settings: Field[]
  limits?: { timeout_s?: number; memory_mb?: number } | null
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

export interface Taxon {
  slug: string
  label: string
}

export interface ToolSummary {
  slug: string
  title: string
  summary: string
  professions: string[]
  categories: string[]
  is_favorite: boolean
  updated_at: string
}

export interface ToolDetail extends ToolSummary {
  manifest: Manifest
  active_version: number | null
  listed: boolean
}

export type VersionState =
  | 'draft'
  | 'in_review'
  | 'changes_requested'
  | 'published'
  | 'archived'

export interface VersionSummary {
  number: number
  state: VersionState
  author: { id: string; display_name: string }
  change_summary: string
  review_note: string | null
  created_at: string
}

export interface Version extends VersionSummary {
  manifest: Manifest
  files: Record<string, string>
}

export interface AuthoringTool extends ToolSummary {
  active_version: number | null
  head_version?: number | null
  head_state?: VersionState | null
  listed?: boolean
}

export interface TokenInfo {
  id: string
  name: string
  expires_at: string | null
  created_at: string
  last_used_at?: string | null
}

export interface TokenCreated extends TokenInfo {
  token: string
}

export interface Suggestion {
  id: string
  title: string
  description: string
  status: 'open' | 'accepted' | 'declined'
  decision_reason?: string | null
  tool_slug?: string | null
  author?: { id: string; display_name: string }
  created_at: string
}

export interface AuditEvent {
  id: string
  action: string
  actor?: { id: string; display_name: string } | null
  target?: string | null
  detail?: Record<string, unknown> | null
  created_at: string
}

export interface Page<T> {
  items: T[]
  total: number
  limit: number
  offset: number
}

/** The upload limits the server enforces (GET /api/v1/limits); these are its defaults. */
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
