/** A tool's examples as a save sends them (`examples` replaces the version's whole set). */
import type { ExampleIn } from '@/api/contract'
import { fetchFile, listExamples } from '@/api/resources'

export function base64Of(file: Blob): Promise<string> {
  // A data: URL is the browser's own base64 of the bytes; the part after the comma is it.
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => resolve(String(reader.result).split(',', 2)[1] ?? '')
    reader.onerror = () => reject(reader.error)
    reader.readAsDataURL(file)
  })
}

/** Version `number`'s examples with their files, to send again beside the new ones. */
export async function keptExamples(slug: string, number: number): Promise<ExampleIn[]> {
  if (!number) return []
  const listing = await listExamples(slug, number)
  return Promise.all(
    listing.items.map(async (e) => ({
      case: e.case,
      inputs: e.inputs,
      actions: e.actions,
      expected: e.expected,
      files: Object.fromEntries(
        await Promise.all(e.files.map(async (f) => [f.name, await base64Of(await fetchFile(f.download_url, f.name))] as const)),
      ),
    })),
  )
}

/** The kept examples with the added ones; an added case replaces a kept one of its name, and
 * a removed one is left out. */
export function mergeExamples(kept: ExampleIn[], added: ExampleIn[], removed: string[] = []): ExampleIn[] {
  const names = new Set([...added.map((e) => e.case), ...removed])
  return [...kept.filter((e) => !names.has(e.case)), ...added]
}
