import { describe, expect, it } from 'vitest'
import { base64Of, mergeExamples } from './examples'

describe("the editor's examples", () => {
  it('encode files as base64, byte for byte', async () => {
    const bytes = new Uint8Array([0, 255, 137, 80, 78, 71])
    expect(atob(await base64Of(new Blob([bytes])))).toBe(String.fromCharCode(...bytes))
  })

  it('add to the kept ones, and an added case replaces a kept one of its name', () => {
    const kept = [
      { case: 'a', inputs: {}, files: {} },
      { case: 'b', inputs: { x: 1 }, files: {} },
    ]
    const merged = mergeExamples(kept, [{ case: 'b', inputs: { x: 2 }, files: {} }, { case: 'c', inputs: {}, files: {} }])
    expect(merged.map((e) => [e.case, e.inputs])).toEqual([['a', {}], ['b', { x: 2 }], ['c', {}]])
  })

  it('leave out the removed ones, and an added one of a removed name comes back', () => {
    const kept = [
      { case: 'a', inputs: {}, files: {} },
      { case: 'b', inputs: {}, files: {} },
    ]
    expect(mergeExamples(kept, [], ['a']).map((e) => e.case)).toEqual(['b'])
    expect(mergeExamples(kept, [], ['a', 'b'])).toEqual([])
    expect(mergeExamples(kept, [{ case: 'a', inputs: { x: 1 }, files: {} }], ['a']).map((e) => [e.case, e.inputs])).toEqual([
      ['b', {}],
      ['a', { x: 1 }],
    ])
  })
})
