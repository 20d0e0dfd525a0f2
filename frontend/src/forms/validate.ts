/**
 * The client-side mirror of the server's field validator (docs/tool-contract.md "Submissions"): the same
 * trimming, coercion, required and bounds checks, plus the upload limits. The server checks again;
 * this only saves a round trip and a wasted upload.
 */
import { DEFAULT_UPLOAD_LIMITS, type Action, type Field, type UploadLimits } from '@/api/contract'

export type FormValue = string | boolean | string[] | File[] | null
export type FormValues = Record<string, FormValue>

/** An error as an i18n key with its parameters, so the component words it in the user's language. */
export interface FieldProblem {
  key: string
  params: Record<string, string | number>
}

export function initialValues(fields: readonly Field[], saved: Record<string, unknown> = {}): FormValues {
  const values: FormValues = {}
  for (const field of fields) {
    const given = field.name in saved ? saved[field.name] : field.default
    values[field.name] = initialValue(field, given)
  }
  return values
}

function initialValue(field: Field, given: unknown): FormValue {
  switch (field.kind) {
    case 'file':
      return []
    case 'boolean':
      return given === true
    case 'multi_enum':
      return Array.isArray(given) ? given.map(String) : []
    default:
      return given === undefined || given === null ? '' : String(given)
  }
}

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.')
  return dot < 0 ? '' : name.slice(dot).toLowerCase()
}

export function acceptsFile(field: Field, name: string): boolean {
  const accept = field.accept ?? []
  return accept.length === 0 || accept.map((a) => a.toLowerCase()).includes(extensionOf(name))
}

const problem = (key: string, params: Record<string, string | number> = {}): FieldProblem => ({ key, params })

/** The first problem with one field's value, or null. `bytes` formats sizes for messages. */
export function checkField(
  field: Field,
  value: FormValue,
  limits: UploadLimits = DEFAULT_UPLOAD_LIMITS,
  bytes: (n: number) => string = String,
): FieldProblem | null {
  const required = field.required === true
  if (field.kind === 'file') {
    const files = Array.isArray(value) ? (value as File[]) : []
    if (required && files.length === 0) return problem('form.requiredError', { label: field.label })
    const types = (field.accept ?? []).join(', ')
    for (const file of files) {
      if (!acceptsFile(field, file.name)) return problem('form.wrongType', { name: file.name, types })
      const max = Math.min(field.max_bytes ?? limits.max_file_bytes, limits.max_file_bytes)
      if (file.size > max) {
        return problem('form.fileTooBig', { name: file.name, size: bytes(file.size), max: bytes(max) })
      }
    }
    const maxFiles = Math.min(field.max_files ?? limits.max_files, limits.max_files)
    if (files.length > maxFiles) return problem('form.tooManyFiles', { n: maxFiles })
    if (files.length > 0 && field.min_files != null && files.length < field.min_files) {
      return problem('form.tooFewFiles', { n: field.min_files })
    }
    return null
  }
  if (field.kind === 'boolean') return null
  if (field.kind === 'multi_enum') {
    const chosen = Array.isArray(value) ? value : []
    if (chosen.length === 0) return required ? problem('form.requiredError', { label: field.label }) : null
    if (field.min_items != null && chosen.length < field.min_items) return problem('form.minItems', { n: field.min_items })
    if (field.max_items != null && chosen.length > field.max_items) return problem('form.maxItems', { n: field.max_items })
    return null
  }
  const text = typeof value === 'string' ? value.trim() : ''
  if (text === '') return required ? problem('form.requiredError', { label: field.label }) : null
  switch (field.kind) {
    case 'string':
    case 'text':
      if (field.max_length != null && text.length > field.max_length) return problem('form.tooLong', { n: field.max_length })
      return null
    case 'integer':
    case 'number': {
      const n = parseNumber(text)
      if (n === null) return problem('form.notNumber')
      if (field.kind === 'integer' && !Number.isInteger(n)) return problem('form.notInteger')
      if (field.min != null && n < Number(field.min)) return problem('form.min', { n: Number(field.min) })
      if (field.max != null && n > Number(field.max)) return problem('form.max', { n: Number(field.max) })
      if (field.kind === 'number' && field.step != null && !onStep(n, field.step, Number(field.min ?? 0))) {
        return problem('form.step', { n: field.step, m: Number(field.min ?? 0) })
      }
      return null
    }
    case 'date':
      if (field.min != null && text < String(field.min)) return problem('form.dateMin', { d: String(field.min) })
      if (field.max != null && text > String(field.max)) return problem('form.dateMax', { d: String(field.max) })
      return null
    case 'enum':
      return (field.options ?? []).some((o) => o.value === text) ? null : problem('form.requiredError', { label: field.label })
  }
}

/** Whole steps counted from `from`, as the server checks them (a little slack for floats). */
export function onStep(n: number, step: number, from: number): boolean {
  const steps = (n - from) / step
  return Math.abs(steps - Math.round(steps)) <= 1e-9
}

/** Accepts "3,5" as well as "3.5": Swedish keyboards type a decimal comma. */
export function parseNumber(text: string): number | null {
  const normalized = text.trim().replace(/\s/g, '').replace(',', '.')
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(normalized)) return null
  const n = Number(normalized)
  return Number.isFinite(n) ? n : null
}

/** Problems across the whole form, including the per-run total upload size. */
export function checkForm(
  fields: readonly Field[],
  values: FormValues,
  limits: UploadLimits = DEFAULT_UPLOAD_LIMITS,
  bytes: (n: number) => string = String,
): Record<string, FieldProblem> {
  const problems: Record<string, FieldProblem> = {}
  let total = 0
  let count = 0
  let lastFileField: string | null = null
  for (const field of fields) {
    const value = values[field.name] ?? null
    const found = checkField(field, value, limits, bytes)
    if (found) problems[field.name] = found
    if (field.kind === 'file' && Array.isArray(value)) {
      lastFileField = field.name
      for (const file of value as File[]) {
        total += file.size
        count += 1
      }
    }
  }
  if (lastFileField !== null && !problems[lastFileField]) {
    if (count > limits.max_files) problems[lastFileField] = problem('form.tooManyFiles', { n: limits.max_files })
    else if (total > limits.max_total_bytes) {
      problems[lastFileField] = problem('form.totalTooBig', { size: bytes(total), max: bytes(limits.max_total_bytes) })
    }
  }
  return problems
}

/** The JSON object the server validates: strings trimmed, empty left out, numbers as numbers. */
export function collectInputs(fields: readonly Field[], values: FormValues): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const field of fields) {
    const value = values[field.name]
    if (field.kind === 'file' || value === undefined || value === null) continue
    if (field.kind === 'boolean') out[field.name] = value === true
    else if (field.kind === 'multi_enum') {
      if (Array.isArray(value) && value.length > 0) out[field.name] = value
    } else if (typeof value === 'string' && value.trim() !== '') {
      const text = value.trim()
      if (field.kind === 'integer' || field.kind === 'number') out[field.name] = parseNumber(text) ?? text
      else out[field.name] = text
    }
  }
  return out
}

/**
 * The multipart body of a run or an action: one JSON part (by default `inputs` holding the
 * inputs; an action wraps them in its envelope) and the files as parts named after their field.
 */
export function toFormData(
  fields: readonly Field[],
  values: FormValues,
  jsonPart: (inputs: Record<string, unknown>) => [string, unknown] = (inputs) => ['inputs', inputs],
): FormData {
  const form = new FormData()
  const [name, json] = jsonPart(collectInputs(fields, values))
  form.append(name, JSON.stringify(json))
  for (const field of fields) {
    const value = values[field.name]
    if (field.kind !== 'file' || !Array.isArray(value)) continue
    for (const file of value as File[]) form.append(field.name, file, file.name)
  }
  return form
}

/** An action's multipart body: its envelope (the action, its inputs, the state the client saw), then its files. */
export function actionFormData(action: Action, values: FormValues, stateRev: number | null): FormData {
  return toFormData(action.fields ?? [], values, (input) => [
    'action',
    { action_id: action.id, input, expected_state_rev: stateRev },
  ])
}
