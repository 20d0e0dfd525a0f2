/** A line diff (longest common subsequence) for version comparisons; files are small (≤ 512 KiB). */

export interface DiffLine {
  kind: 'same' | 'added' | 'removed'
  text: string
  oldNo: number | null
  newNo: number | null
}

export function diffLines(before: string, after: string): DiffLine[] {
  const a = before === '' ? [] : before.split('\n')
  const b = after === '' ? [] : after.split('\n')
  // Trim the common head and tail first: edits are usually local, which keeps the table small.
  let head = 0
  while (head < a.length && head < b.length && a[head] === b[head]) head++
  let tail = 0
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++
  const midA = a.slice(head, a.length - tail)
  const midB = b.slice(head, b.length - tail)
  const n = midA.length
  const m = midB.length
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0))
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] = midA[i] === midB[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!)
    }
  }
  const out: DiffLine[] = []
  for (let k = 0; k < head; k++) out.push({ kind: 'same', text: a[k]!, oldNo: k + 1, newNo: k + 1 })
  let i = 0
  let j = 0
  while (i < n || j < m) {
    if (i < n && j < m && midA[i] === midB[j]) {
      out.push({ kind: 'same', text: midA[i]!, oldNo: head + i + 1, newNo: head + j + 1 })
      i++
      j++
    } else if (i < n && (j >= m || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) {
      // removals before additions, as in a unified diff
      out.push({ kind: 'removed', text: midA[i]!, oldNo: head + i + 1, newNo: null })
      i++
    } else {
      out.push({ kind: 'added', text: midB[j]!, oldNo: null, newNo: head + j + 1 })
      j++
    }
  }
  for (let k = 0; k < tail; k++) {
    out.push({ kind: 'same', text: a[a.length - tail + k]!, oldNo: a.length - tail + k + 1, newNo: b.length - tail + k + 1 })
  }
  return out
}

/** Every file of two versions (and the manifest as JSON) diffed; unchanged files left out. */
export function diffVersions(
  before: { manifest: unknown; files: Record<string, string> } | null,
  after: { manifest: unknown; files: Record<string, string> },
): { path: string; lines: DiffLine[] }[] {
  const old = { 'manifest.json': JSON.stringify(before?.manifest ?? {}, null, 2), ...(before?.files ?? {}) }
  const now = { 'manifest.json': JSON.stringify(after.manifest, null, 2), ...after.files }
  const paths = [...new Set([...Object.keys(old), ...Object.keys(now)])].sort()
  return paths
    .filter((p) => old[p as keyof typeof old] !== now[p as keyof typeof now])
    .map((path) => ({
      path,
      lines: diffLines((old as Record<string, string>)[path] ?? '', (now as Record<string, string>)[path] ?? ''),
    }))
}
