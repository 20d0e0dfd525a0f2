import { describe, expect, it } from 'vitest'
import { lineOfPath, parseToolToml, toToolToml } from './toolToml'

const MANIFEST = {
  contract: 1,
  entrypoint: 'main.py:run',
  usage: 'Ladda upp en lista.\nSedan **kör**.',
  limits: { timeout_s: 30 },
  inputs: [
    { kind: 'file', name: 'lista', label: 'Lista', accept: ['.csv'], max_files: 1, max_bytes: 2000000, required: true },
    { kind: 'number', name: 'grans', label: 'Gräns', min: 0, max: 100.5, default: 3.5 },
    { kind: 'enum', name: 'amne', label: 'Ämne', options: [{ value: 'sv', label: 'Svenska' }], default: 'sv' },
    { kind: 'date', name: 'dag', label: 'Dag', min: '2026-08-01' },
  ],
  settings: [{ kind: 'multi_enum', name: 'dagar', label: 'Dagar', options: [{ value: 'mon', label: 'Måndag' }], min_items: 1, default: ['mon'] }],
}

describe('tool.toml', () => {
  it('round-trips every attribute of a manifest', () => {
    const parsed = parseToolToml(toToolToml(MANIFEST))
    expect(parsed).toEqual({ ok: true, manifest: MANIFEST })
  })

  it('reads TOML dates as ISO strings and reports a broken line', () => {
    expect(parseToolToml('[[inputs]]\nkind = "date"\nmin = 2026-08-01\n')).toEqual({
      ok: true,
      manifest: { inputs: [{ kind: 'date', min: '2026-08-01' }] },
    })
    const broken = parseToolToml('usage = "x"\nentrypoint = \n')
    expect(broken.ok).toBe(false)
    if (!broken.ok) expect(broken.problem.line).toBe(2)
  })

  it('finds the line of a JSON path', () => {
    const text = toToolToml(MANIFEST)
    const lines = text.split('\n')
    expect(lines[lineOfPath(text, '$.inputs[1].min') - 1]).toBe('min = 0')
    expect(lines[lineOfPath(text, '$.settings[0].name') - 1]).toBe('name = "dagar"')
    expect(lines[lineOfPath(text, '$.limits.timeout_s') - 1]).toBe('timeout_s = 30')
  })
})
