/**
 * The manifest as the author writes it, `tool.toml`, and back. The API stores the manifest as
 * JSON; the editor shows it as TOML. `parseToolToml(toToolToml(m))` equals `m` for every manifest
 * (dates stay ISO strings), so the form editor and the text never lose an attribute.
 */
import { parse, stringify, TomlDate, TomlError } from 'smol-toml'

export type ManifestObject = Record<string, unknown>

export interface TomlProblem {
  line: number
  column: number
  message: string
}

export type Parsed = { ok: true; manifest: ManifestObject } | { ok: false; problem: TomlProblem }

/** TOML dates (`min = 2026-08-01`) become the ISO strings the JSON manifest holds. */
function plain(value: unknown): unknown {
  if (value instanceof TomlDate) return value.toISOString().slice(0, 10)
  if (value instanceof Date) return value.toISOString().slice(0, 10)
  if (Array.isArray(value)) return value.map(plain)
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]))
  return value
}

export function parseToolToml(text: string): Parsed {
  try {
    return { ok: true, manifest: plain(parse(text)) as ManifestObject }
  } catch (cause) {
    if (cause instanceof TomlError) {
      return { ok: false, problem: { line: cause.line, column: cause.column, message: cause.message.split('\n')[0] ?? cause.message } }
    }
    return { ok: false, problem: { line: 1, column: 1, message: String(cause) } }
  }
}

/** Nulls are absent in TOML (and mean "not set" in the manifest): they are left out. */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls)
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined).map(([k, v]) => [k, withoutNulls(v)]))
  }
  return value
}

export function toToolToml(manifest: ManifestObject): string {
  // scalars first, then [limits], then the forms: the order authors know from the guide
  const { inputs, settings, limits, ...rest } = withoutNulls(manifest) as ManifestObject
  const head = stringify(rest).trim()
  const parts = [head]
  if (limits && typeof limits === 'object' && Object.keys(limits).length) parts.push(stringify({ limits }).trim())
  if (Array.isArray(inputs) && inputs.length) parts.push(stringify({ inputs }).trim())
  if (Array.isArray(settings) && settings.length) parts.push(stringify({ settings }).trim())
  return parts.filter(Boolean).join('\n\n') + '\n'
}

/**
 * The line of a manifest problem's JSON path (`$.inputs[1].name`) in the TOML text: the line of
 * the deepest key the path reaches, or of its table header. 1 when nothing matches.
 */
export function lineOfPath(text: string, path: string): number {
  const steps = [...path.replace(/^\$\.?/, '').matchAll(/([A-Za-z_][\w]*)|\[(\d+)\]/g)].map((m) => m[1] ?? Number(m[2]))
  const lines = text.split('\n')
  let best = 1
  let table: (string | number)[] = []
  const counts: Record<string, number> = {}
  const matches = (at: (string | number)[]) => at.every((s, i) => steps[i] === s)
  lines.forEach((raw, index) => {
    const line = raw.trim()
    const array = /^\[\[\s*([\w.]+)\s*\]\]/.exec(line)
    const single = array ? null : /^\[\s*([\w.]+)\s*\]/.exec(line)
    if (array) {
      const name = array[1]!
      counts[name] = (counts[name] ?? -1) + 1
      table = [name, counts[name]!]
      if (matches(table)) best = index + 1
      return
    }
    if (single) {
      table = single[1]!.split('.')
      if (matches(table)) best = index + 1
      return
    }
    const key = /^([A-Za-z_][\w-]*)\s*=/.exec(line)
    if (key && matches([...table, key[1]!])) best = index + 1
  })
  return best
}
