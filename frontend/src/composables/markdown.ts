import { ref, watchEffect, type Ref } from 'vue'

// markdown-it and DOMPurify are most of a tool page's JavaScript: they load in their own chunk
// when the first markdown (a tool's usage text, a markdown output) is shown, not with the page.
let renderer: Promise<typeof import('@/markdown')> | null = null

/** The sanitized HTML of `source()`'s markdown, empty until the renderer has loaded. */
export function useMarkdown(source: () => string | null | undefined): Ref<string> {
  const html = ref('')
  watchEffect(async () => {
    const text = source() // read before the await: that is what the effect tracks
    if (!text) {
      html.value = ''
      return
    }
    const { renderMarkdown } = await (renderer ??= import('@/markdown'))
    if (source() === text) html.value = renderMarkdown(text)
  })
  return html
}
