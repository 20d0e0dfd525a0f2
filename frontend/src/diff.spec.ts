import { describe, expect, it } from 'vitest'
import { diffLines, diffVersions } from './diff'

describe('the version diff', () => {
  it('marks changed lines, removals first, and numbers both sides', () => {
    const lines = diffLines('a\nb\nc\nd', 'a\nB\nc\nd\ne')
    expect(lines.map((l) => `${l.kind[0]}${l.oldNo ?? '-'}:${l.newNo ?? '-'} ${l.text}`)).toEqual([
      's1:1 a',
      'r2:- b',
      'a-:2 B',
      's3:3 c',
      's4:4 d',
      'a-:5 e',
    ])
  })

  it('handles files that appear or disappear', () => {
    expect(diffLines('', 'x').map((l) => l.kind)).toEqual(['added'])
    expect(diffLines('x', '').map((l) => l.kind)).toEqual(['removed'])
  })

  it('lists only the files that changed, the manifest included', () => {
    const before = { manifest: { usage: 'a' }, files: { 'main.py': 'x', 'old.py': 'o' } }
    const after = { manifest: { usage: 'b' }, files: { 'main.py': 'x', 'new.py': 'n' } }
    expect(diffVersions(before, after).map((f) => f.path)).toEqual(['manifest.json', 'new.py', 'old.py'])
    expect(diffVersions(null, after).map((f) => f.path)).toEqual(['main.py', 'manifest.json', 'new.py'])
  })
})
