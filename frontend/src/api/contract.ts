/**
 * The shapes the SPA draws, all from the generated schema (openapi.json), plus `Field`: the one
 * shape FormRenderer reads every generated field kind as.
 */
import { runStatusValues, type components } from './schema'

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
export type SystemStatus = Schemas['SystemStatusResponse']

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
  step?: number | null
  options?: FieldOption[] | null
  min_items?: number | null
  max_items?: number | null
  accept?: string[] | null
  min_files?: number | null
  max_files?: number | null
  max_bytes?: number | null
}

export type Run = Schemas['RunResponse']
export type RunStatus = Schemas['RunStatus']
/** Every run status, in the server's order (generated from the OpenAPI enum). */
export const RUN_STATUSES: readonly RunStatus[] = runStatusValues
/** A run in any other status has ended for good. */
export const isTerminal = (status: RunStatus): boolean => status !== 'queued' && status !== 'running'
export type Output = Run['outputs'][number]
export type NoticeLevel = Schemas['NoticeOutput']['level']
export type ColumnType = NonNullable<Schemas['TableColumn']['type']>
export type Action = Schemas['Action']
export type Artifact = Schemas['ArtifactResponse']
export type RunStarted = Schemas['RunStarted']
export type Session = Schemas['SessionResponse']
export type Example = Schemas['ExampleResponse']
export type ExampleIn = Schemas['ExampleIn']
export type ExampleRuns = Schemas['ExampleRuns']
export type ExampleRunItem = Schemas['ExampleRunItem']

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
